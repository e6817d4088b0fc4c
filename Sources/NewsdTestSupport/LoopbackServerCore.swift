import Foundation

/// The running part of a `LoopbackHTTPServer`: the accept loop and the per-connection threads.
///
/// Kept apart from the public class so the threads do not keep the server object alive: when the test drops the
/// server, its `deinit` can stop this core.
final class LoopbackServerCore: Sendable {
    struct State: Sendable {
        var requests: [HTTPTestRequest] = []
        var openConnections: Set<Int32> = []
        /// `METHOD path` of each request whose handler is running, by connection.
        var handling: [Int32: String] = [:]
        var peakConnections = 0
        /// The most handlers that were running at once.
        var peakHandling = 0
        var acceptLoopRunning = false
        var stopping = false
        var stopped = false
    }

    let listener: Int32
    let wakePipe: (read: Int32, write: Int32)
    let handler: LoopbackHTTPServer.Handler
    let stopTimeout: Duration
    let state = Locked(State())

    init(
        listener: Int32,
        wakePipe: (read: Int32, write: Int32),
        stopTimeout: Duration,
        handler: @escaping LoopbackHTTPServer.Handler
    ) {
        self.listener = listener
        self.wakePipe = wakePipe
        self.stopTimeout = stopTimeout
        self.handler = handler
    }

    /// Starts the accept loop on its own thread.
    func start() {
        state.withLock { $0.acceptLoopRunning = true }
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "LoopbackHTTPServer accept"
        thread.start()
    }

    /// Stops accepting, cuts open connections, interrupts trickles, and waits for every thread to finish.
    ///
    /// A handler still running after `stopTimeout` is a test bug (it blocks on something that never happens), so
    /// rather than hang the test run this stops the process with a `preconditionFailure` naming the stuck requests.
    func stop() {
        let firstCall = state.withLock { state in
            guard !state.stopping else { return false }
            state.stopping = true
            for connection in state.openConnections {
                Socket.shutdownBoth(connection)
            }
            return true
        }
        if firstCall {
            Socket.wake(wakePipe.write)
        }
        let finished = state.wait(
            until: { !$0.acceptLoopRunning && $0.openConnections.isEmpty },
            deadline: Self.date(after: stopTimeout)
        )
        if !finished {
            let stuck = state.withLock { $0.handling.values.sorted() }
            preconditionFailure(
                "LoopbackHTTPServer.stop(): still running after \(stopTimeout): handler for "
                    + (stuck.isEmpty ? "no request (the accept thread)" : stuck.joined(separator: ", "))
                    + "; a test handler must return once the server stops"
            )
        }
        let closesDescriptors = state.withLock { state in
            guard !state.stopped else { return false }
            state.stopped = true
            return true
        }
        if closesDescriptors {
            Socket.close(listener)
            Socket.close(wakePipe.read)
            Socket.close(wakePipe.write)
        }
    }

    /// Sleeps for `duration` unless the server stops first; returns false when it stopped.
    func pause(for duration: Duration) -> Bool {
        !state.wait(until: { $0.stopping }, deadline: Self.date(after: duration))
    }

    private static func date(after duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
    }

    private func acceptLoop() {
        defer { state.withLock { $0.acceptLoopRunning = false } }
        while Socket.waitForConnection(listener: listener, wake: wakePipe.read) {
            guard let connection = Socket.accept(listener) else { return }
            let admitted = state.withLock { state in
                guard !state.stopping else { return false }
                state.openConnections.insert(connection)
                state.peakConnections = max(state.peakConnections, state.openConnections.count)
                return true
            }
            guard admitted else {
                Socket.close(connection)
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.name = "LoopbackHTTPServer connection"
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer {
            state.withLock { state in
                state.openConnections.remove(connection)
                Socket.close(connection)
            }
        }
        let request: HTTPTestRequest
        switch HTTPRequestReader(descriptor: connection).read() {
        case .request(let received):
            request = received
        case .badRequest(let reason):
            let response = HTTPTestResponse(status: 400, headers: ["Content-Type": "text/plain"], text: reason + "\n")
            HTTPResponseWriter(descriptor: connection).write(response, includeBody: true, pause: { _ in false })
            Socket.shutdownWrite(connection)
            return
        case .closed:
            return
        }
        state.withLock { state in
            state.requests.append(request)
            state.handling[connection] = "\(request.method) \(request.path)"
            state.peakHandling = max(state.peakHandling, state.handling.count)
        }
        let response = handler(request)
        state.withLock { _ = $0.handling.removeValue(forKey: connection) }
        guard !response.closeWithoutResponse else { return }
        HTTPResponseWriter(descriptor: connection).write(
            response,
            includeBody: request.method != "HEAD",
            pause: { pause(for: $0) }
        )
        Socket.shutdownWrite(connection)
    }
}
