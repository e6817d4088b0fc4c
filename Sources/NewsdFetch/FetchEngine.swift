internal import CCurl
internal import CNewsdShim
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Runs every transfer of the process on one libcurl multi handle, driven by Dispatch: a read and a write source per
/// socket libcurl wants watched, and one re-armed timer for libcurl's timeouts.
///
/// Confinement: the multi handle, the socket table, the admission and every easy handle are touched only on
/// ``queue``, a serial queue of the engine's own; the public entry points hop onto it. The C callbacks (socket,
/// timer, close-socket) run inside libcurl calls made on that queue and find the engine through unretained
/// userdata: the engine lives as long as its multi handle. Results go to the queue each caller names, so parsing
/// never runs here. Sources hold the engine strongly while they exist; ``shutDown()`` (called when the ``Fetcher``
/// goes) closes the connection pool through the same close-after-cancel path, and the engine ends when the last
/// source has let go.
final class FetchEngine: @unchecked Sendable {
    /// Delivers one fetch's outcome.
    typealias Completion = @Sendable (Result<FetchResponse, FetchError>) -> Void

    let queue = DispatchQueue(label: "newsd.fetch")
    private let multi: UnsafeMutableRawPointer
    private var sockets = SocketWatchTable()
    private var sources: [WatchedSource: any DispatchSourceProtocol] = [:]
    private let curlTimer: any DispatchSourceTimer
    private let admissionTimer: any DispatchSourceTimer
    private var admission: FetchAdmission<FetchRequest>
    private var nextID = 0
    private var requests: [Int: FetchRequest] = [:]
    private var completions: [Int: [(DispatchQueue, Completion)]] = [:]
    private var transfers: [UnsafeMutableRawPointer: (id: Int, easy: CurlEasy)] = [:]
    private var lastProgress: ContinuousClock.Instant?
    /// When the Dispatch timer is due to fire for libcurl, if armed.
    private var curlTimerDeadline: DispatchTime?
    /// Whether an immediate timeout action is already queued.
    private var immediateTimeoutQueued = false
    /// The multi handle has been cleaned up; nothing may touch it any more.
    private var isShutDown = false
    private var startedTransfers = 0
    private let socketObserver: (@Sendable (Int32) -> Void)?
    private let observer: FetchObserver?
    /// Told once the engine is shut down and its last socket closed.
    private var closedWaiters: [@Sendable () -> Void] = []

    /// Creates the multi handle and its timers; `curl_global_init` failing is fatal to every fetch, so it is
    /// reported per fetch instead (see ``submit(_:on:completion:)``).
    ///
    /// `socketOpened`, when given, learns every connection socket the engine opens (on the engine's queue); tests
    /// use it to check that each is closed again.
    ///
    /// `observer`, when given, learns the outcome of every transfer (on the engine's queue).
    init(concurrency: FetchConcurrency, socketOpened: (@Sendable (Int32) -> Void)? = nil,
         observer: FetchObserver? = nil)
    {
        self.socketObserver = socketOpened
        self.observer = observer
        _ = CurlRuntime.initialization
        guard let multi = curl_multi_init() else {
            preconditionFailure("curl_multi_init failed: libcurl is out of memory")
        }
        self.multi = multi
        self.admission = FetchAdmission(maximumTransfers: concurrency.maximumTransfers,
                                        maximumPerHost: concurrency.maximumPerHost)
        curlTimer = DispatchSource.makeTimerSource(queue: queue)
        admissionTimer = DispatchSource.makeTimerSource(queue: queue)

        let userdata = Unmanaged.passUnretained(self).toOpaque()
        let onSocket: curl_socket_callback = { _, socket, what, userp, _ in
            guard let userp else { return -1 }
            Unmanaged<FetchEngine>.fromOpaque(userp).takeUnretainedValue().watch(socket, what: what)
            return 0
        }
        let onTimer: curl_multi_timer_callback = { _, milliseconds, userp in
            guard let userp else { return -1 }
            Unmanaged<FetchEngine>.fromOpaque(userp).takeUnretainedValue().armCurlTimer(milliseconds: milliseconds)
            return 0
        }
        _ = cnewsd_multi_setopt_socket_function(multi, onSocket)
        _ = cnewsd_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, userdata)
        _ = cnewsd_multi_setopt_timer_function(multi, onTimer)
        _ = cnewsd_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, userdata)
        _ = cnewsd_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        // Keep enough idle connections to serve every allowed transfer from the pool.
        _ = cnewsd_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(16, concurrency.maximumTransfers * 2))

        curlTimer.setEventHandler { [weak self] in self?.curlTimerFired() }
        curlTimer.schedule(deadline: .distantFuture)
        curlTimer.resume()
        admissionTimer.setEventHandler { [weak self] in self?.admissionTick() }
        admissionTimer.schedule(deadline: .distantFuture)
        admissionTimer.resume()
    }

    deinit {
        if !isShutDown {
            curlTimer.cancel()
            admissionTimer.cancel()
            curl_multi_cleanup(multi)
        }
    }

    /// Fails every fetch not finished yet and closes the multi handle and its connections; their sockets close
    /// once Dispatch has cancelled their sources. Later submissions fail at once.
    ///
    /// `whenClosed` runs (on a global queue) once every descriptor the engine watched or opened is closed.
    func shutDown(whenClosed: (@Sendable () -> Void)? = nil) {
        queue.async {
            if let whenClosed { self.closedWaiters.append(whenClosed) }
            self.shutDownOnQueue()
            self.notifyIfClosed()
        }
    }

    /// Tells the waiters of ``shutDown(whenClosed:)`` once no source and no descriptor is left.
    private func notifyIfClosed() {
        guard isShutDown, !closedWaiters.isEmpty, sources.isEmpty, sockets.trackedDescriptors == 0 else { return }
        let waiters = closedWaiters
        closedWaiters.removeAll()
        for waiter in waiters {
            DispatchQueue.global().async(execute: waiter)
        }
    }

    private func shutDownOnQueue() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !isShutDown else { return }
        isShutDown = true
        curlTimer.cancel()
        admissionTimer.cancel()
        for (handle, _) in transfers {
            curl_multi_remove_handle(multi, handle)
        }
        transfers.removeAll()
        // Closes pooled connections through the close-socket callback, which cancels their sources first.
        curl_multi_cleanup(multi)
        for (id, request) in requests {
            deliver(.failure(Self.shutDownError(request)), for: id)
        }
        requests.removeAll()
    }

    /// Fails every running and waiting fetch with a `.stopping` error, for a daemon whose stop deadline has passed.
    /// Unlike ``shutDown(whenClosed:)`` the engine stays usable: pooled connections stay open and later submissions
    /// run as usual. `completion` runs on the engine's queue once every failure is on its way to its caller's queue.
    func cancelAll(completion: (@Sendable (_ cancelled: Int) -> Void)? = nil) {
        queue.async {
            guard !self.isShutDown else {
                completion?(0)
                return
            }
            for (handle, _) in self.transfers {
                curl_multi_remove_handle(self.multi, handle)
            }
            self.transfers.removeAll()
            let ids = self.admission.cancelAll()
            for id in ids {
                if let request = self.requests.removeValue(forKey: id) {
                    self.deliver(.failure(FetchError(url: request.url, kind: .stopping, detail: "")), for: id)
                }
            }
            self.lastProgress = .now
            completion?(ids.count)
        }
    }

    private static func shutDownError(_ request: FetchRequest) -> FetchError {
        FetchError(url: request.url, kind: .transfer(code: Int(CURLE_ABORTED_BY_CALLBACK.rawValue)),
                   detail: "the fetcher was shut down before the fetch finished")
    }

    /// Queues a fetch; `completion` runs on `callbackQueue` once it succeeded or failed.
    func submit(_ request: FetchRequest, on callbackQueue: DispatchQueue, completion: @escaping Completion) {
        queue.async { self.accept(request, callbackQueue: callbackQueue, completion: completion) }
    }

    /// What the engine is doing, for the scheduler and for health checks.
    var snapshot: FetchEngineSnapshot {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return queue.sync { snapshotOnQueue() }
    }

    /// Calls `answer` with the snapshot from the engine's queue, without blocking the caller.
    func probe(_ answer: @escaping @Sendable (FetchEngineSnapshot) -> Void) {
        queue.async { answer(self.snapshotOnQueue()) }
    }

    private func snapshotOnQueue() -> FetchEngineSnapshot {
        FetchEngineSnapshot(running: admission.runningCount, waiting: admission.waitingCount,
                            started: startedTransfers, lastProgress: lastProgress)
    }

    // MARK: Admission

    private func accept(_ request: FetchRequest, callbackQueue: DispatchQueue, completion: @escaping Completion) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !isShutDown else {
            callbackQueue.async { completion(.failure(Self.shutDownError(request))) }
            return
        }
        nextID += 1
        let id = nextID
        requests[id] = request
        let ticket = FetchAdmission<FetchRequest>.Ticket(id: id, url: request.url, key: request,
                                           host: URLHost.key(of: request.url), hostDelay: request.settings.hostDelay)
        completions[id] = [(callbackQueue, completion)]
        perform(admission.submit(ticket, now: .now))
    }

    private func perform(_ actions: [FetchAdmission<FetchRequest>.Action]) {
        for action in actions {
            switch action {
            case .start(let id):
                start(id)
            case .join(let joiner, let primary):
                let joined = completions.removeValue(forKey: joiner) ?? []
                completions[primary, default: []].append(contentsOf: joined)
                requests[joiner] = nil
            case .wakeUp(let instant):
                let delay = max(.zero, instant - .now)
                admissionTimer.schedule(deadline: .now() + .nanoseconds(Int(delay / .nanoseconds(1))))
            }
        }
    }

    private func admissionTick() {
        guard !isShutDown else { return }
        perform(admission.tick(now: .now))
    }

    private func start(_ id: Int) {
        guard !isShutDown, let request = requests[id] else { return }
        startedTransfers += 1
        let easy: CurlEasy
        do {
            easy = try CurlEasy(request: request, closeSocket: Self.closeSocketCallback,
                                closeSocketData: Unmanaged.passUnretained(self).toOpaque(),
                                socketOpened: { [unowned self] socket in
                                    sockets.opened(socket)
                                    socketObserver?(socket)
                                })
        } catch {
            finish(id, with: .failure(error))
            return
        }
        let code = curl_multi_add_handle(multi, easy.handle)
        guard code == CURLM_OK else {
            let detail = "curl_multi_add_handle failed: " + String(cString: curl_multi_strerror(code))
            finish(id, with: .failure(FetchError(url: request.url, kind: .transfer(code: Int(code.rawValue)),
                                                 detail: detail)))
            return
        }
        transfers[easy.handle] = (id, easy)
    }

    private func finish(_ id: Int, with result: Result<FetchResponse, FetchError>) {
        if let observer, let request = requests[id] { observer(request, result) }
        requests[id] = nil
        lastProgress = .now
        deliver(result, for: id)
        perform(admission.finished(id, now: .now))
    }

    private func deliver(_ result: Result<FetchResponse, FetchError>, for id: Int) {
        for (callbackQueue, completion) in completions.removeValue(forKey: id) ?? [] {
            callbackQueue.async { completion(result) }
        }
    }

    // MARK: libcurl's socket and timer callbacks

    private static let closeSocketCallback: curl_closesocket_callback = { clientp, socket in
        guard let clientp else { return Glibc.close(socket) }
        Unmanaged<FetchEngine>.fromOpaque(clientp).takeUnretainedValue().closeRequested(socket)
        return 0
    }

    private func watch(_ socket: Int32, what: Int32) {
        let interest: SocketWatchTable.Interest
        switch what {
        case CURL_POLL_IN: interest = .read
        case CURL_POLL_OUT: interest = .write
        case CURL_POLL_INOUT: interest = .readWrite
        case CURL_POLL_REMOVE: interest = .remove
        default: interest = .none
        }
        carryOut(sockets.watch(socket, interest))
    }

    private func closeRequested(_ socket: Int32) {
        carryOut(sockets.closeRequested(socket))
    }

    private func carryOut(_ actions: [SocketWatchTable.Action]) {
        for action in actions {
            switch action {
            case .install(let socket, let direction):
                let source: any DispatchSourceProtocol = direction == .read
                    ? DispatchSource.makeReadSource(fileDescriptor: socket, queue: queue)
                    : DispatchSource.makeWriteSource(fileDescriptor: socket, queue: queue)
                let events = direction == .read ? CURL_CSELECT_IN : CURL_CSELECT_OUT
                source.setEventHandler { self.socketReady(socket, events) }
                source.setCancelHandler { self.sourceCancelled(socket, direction) }
                sources[WatchedSource(socket: socket, direction: direction)] = source
                source.resume()
            case .suspend(let socket, let direction):
                sources[WatchedSource(socket: socket, direction: direction)]?.suspend()
            case .resume(let socket, let direction):
                sources[WatchedSource(socket: socket, direction: direction)]?.resume()
            case .cancel(let socket, let direction, let suspended):
                let source = sources.removeValue(forKey: WatchedSource(socket: socket, direction: direction))
                source?.cancel()
                if suspended { source?.resume() }
            case .close(let socket):
                Glibc.close(socket)
            }
        }
    }

    private func sourceCancelled(_ socket: Int32, _ direction: SocketWatchTable.Direction) {
        carryOut(sockets.cancelled(socket, direction))
        notifyIfClosed()
    }

    /// libcurl's timer callback. Re-programming a Dispatch timer costs a trip through Dispatch's manager thread,
    /// and libcurl moves its deadline on nearly every call, so the timer is only moved earlier: a timer that fires
    /// before libcurl's deadline costs one timeout action, after which ``curlTimerFired()`` asks libcurl for its
    /// current deadline (libcurl does not repeat an unchanged deadline through the callback). "Now" (0 ms) is
    /// queued, never run from inside the callback.
    private func armCurlTimer(milliseconds: Int) {
        guard !isShutDown else { return }
        if milliseconds == 0 {
            guard !immediateTimeoutQueued else { return }
            immediateTimeoutQueued = true
            queue.async {
                self.immediateTimeoutQueued = false
                guard !self.isShutDown else { return }
                self.socketAction(-1, 0)  // CURL_SOCKET_TIMEOUT
            }
        } else if milliseconds > 0 {
            let deadline = DispatchTime.now() + .milliseconds(milliseconds)
            if let armed = curlTimerDeadline, armed <= deadline { return }
            curlTimerDeadline = deadline
            curlTimer.schedule(deadline: deadline)
        }
    }

    private func curlTimerFired() {
        guard !isShutDown else { return }
        curlTimerDeadline = nil
        socketAction(-1, 0)  // CURL_SOCKET_TIMEOUT
        var milliseconds = -1
        guard curl_multi_timeout(multi, &milliseconds) == CURLM_OK, milliseconds >= 0, curlTimerDeadline == nil
        else { return }
        armCurlTimer(milliseconds: max(1, milliseconds))
    }

    private func socketReady(_ socket: Int32, _ events: Int32) {
        // A source cancelled in this same turn may still deliver one event; libcurl no longer wants it.
        let direction: SocketWatchTable.Direction = events == CURL_CSELECT_IN ? .read : .write
        guard !isShutDown, sockets.isWatching(socket, direction) else { return }
        socketAction(socket, events)
    }

    private func socketAction(_ socket: Int32, _ events: Int32) {
        dispatchPrecondition(condition: .onQueue(queue))
        var running: Int32 = 0
        _ = curl_multi_socket_action(multi, socket, events, &running)
        lastProgress = .now
        collectFinished()
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            guard let transfer = transfers.removeValue(forKey: handle) else { continue }
            finish(transfer.id, with: transfer.easy.complete(code))
        }
    }
}

/// One Dispatch source of the engine: a socket and the direction it watches.
private struct WatchedSource: Hashable {
    var socket: Int32
    var direction: SocketWatchTable.Direction
}
