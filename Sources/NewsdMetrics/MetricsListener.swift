import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server answering `GET /metrics` on a loopback address, driven by Dispatch sources on a serial
/// queue of its own, so a slow or idle client never holds up the daemon's queues.
///
/// Each connection is read into a buffer until its request head is complete (at most
/// ``ScrapeRequest/maximumHeadBytes``, within the request timeout), answered once and closed. At most
/// ``maximumConnections`` are served at once; more are closed on arrival. A descriptor is closed only after every
/// Dispatch source on it has finished cancelling, so a reused descriptor number never meets a stale source.
public final class MetricsListener: @unchecked Sendable {
    /// How long a client has to send its request head unless told otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(5)
    /// The most connections served at once.
    public static let maximumConnections = 16

    /// The address listened on, with the port the system chose when port 0 was asked for.
    public let address: ListenAddress

    private let queue = DispatchQueue(label: "newsd.metrics")
    private let exposition: @Sendable () -> String
    private let requestTimeout: DispatchTimeInterval
    private let acceptSource: any DispatchSourceRead
    /// Open connections by descriptor; touched only on ``queue``.
    private var connections: [Int32: ScrapeConnection] = [:]
    /// Entered by each accepted connection, left when its descriptor is closed.
    private let open = DispatchGroup()
    private var isClosed = false
    /// Signalled once the listening descriptor is closed.
    private let listenerClosed = DispatchSemaphore(value: 0)

    /// Binds and starts listening; `exposition` renders the metrics for each scrape, on the listener's queue. A
    /// client that has not sent its request head within `requestTimeout` is disconnected.
    ///
    /// - Throws: ``MetricsListenerError`` naming the address when it cannot be bound (in use, not configured).
    public init(address: ListenAddress, requestTimeout: Duration = MetricsListener.defaultRequestTimeout,
                exposition: @escaping @Sendable () -> String) throws(MetricsListenerError)
    {
        let (descriptor, port) = try Self.bind(address)
        var bound = address
        bound.port = port
        self.address = bound
        self.exposition = exposition
        self.requestTimeout = .milliseconds(Int(requestTimeout / .milliseconds(1)))
        acceptSource = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        acceptSource.setEventHandler { [weak self] in self?.acceptWaiting(descriptor) }
        let listenerClosed = listenerClosed
        acceptSource.setCancelHandler {
            _ = Glibc.close(descriptor)
            listenerClosed.signal()
        }
        acceptSource.resume()
    }

    deinit {
        acceptSource.cancel()
    }

    /// Stops listening and closes every open connection; returns once the port is released, so further connection
    /// attempts are refused by the system.
    public func close() {
        let closing = queue.sync { () -> Bool in
            guard !isClosed else { return false }
            isClosed = true
            acceptSource.cancel()
            for connection in connections.values {
                connection.finish()
            }
            return true
        }
        if closing { listenerClosed.wait() }
    }

    /// Waits until every accepted connection is closed, or `timeout` passes; returns whether they all were. Tests
    /// use it to check that no descriptor is left open.
    public func waitUntilNoConnections(timeout: Duration) -> Bool {
        open.wait(timeout: .now() + .milliseconds(Int(timeout / .milliseconds(1)))) == .success
    }

    private func acceptWaiting(_ listener: Int32) {
        dispatchPrecondition(condition: .onQueue(queue))
        while !isClosed {
            let descriptor = accept(listener, nil, nil)
            if descriptor < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return   // EAGAIN: drained; EMFILE and others: the source fires again when possible
            }
            // accept4 is not visible to Swift on glibc; newsd starts no child processes, so setting these after
            // the accept leaves no window that matters.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            guard connections.count < Self.maximumConnections else {
                _ = Glibc.close(descriptor)
                continue
            }
            open.enter()
            let open = open
            let connection = ScrapeConnection(descriptor: descriptor, queue: queue, exposition: exposition,
                                               closed: { [weak self] in
                                                   self?.connections[descriptor] = nil
                                                   open.leave()
                                               })
            connections[descriptor] = connection
            connection.start(timeout: requestTimeout)
        }
    }

    private static func bind(_ address: ListenAddress) throws(MetricsListenerError) -> (Int32, Int) {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue),
                                0)
        guard descriptor >= 0 else { throw MetricsListenerError(address: address, operation: "socket", errno) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var (storage, length) = address.socketAddress
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let error = MetricsListenerError(address: address, operation: "bind", errno)
            _ = Glibc.close(descriptor)
            throw error
        }
        guard listen(descriptor, 64) == 0 else {
            let error = MetricsListenerError(address: address, operation: "listen", errno)
            _ = Glibc.close(descriptor)
            throw error
        }
        var named = sockaddr_storage()
        var namedLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &named) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &namedLength) }
        }
        // sin_port and sin6_port sit at the same offset, right after the family.
        let port = withUnsafeBytes(of: named) { Int(UInt16($0[2]) << 8 | UInt16($0[3])) }
        return (descriptor, port)
    }
}

extension ListenAddress {
    /// The address as the socket calls take it, with its length.
    fileprivate var socketAddress: (sockaddr_storage, socklen_t) {
        func stored<Address>(_ address: Address) -> (sockaddr_storage, socklen_t) {
            var storage = sockaddr_storage()
            withUnsafeBytes(of: address) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
            return (storage, socklen_t(MemoryLayout<Address>.size))
        }
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            _ = inet_pton(AF_INET6, host, &address.sin6_addr)
            return stored(address)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return stored(address)
    }
}

/// Why the metrics listener could not start.
public struct MetricsListenerError: Error, Sendable, CustomStringConvertible {
    public var address: ListenAddress
    /// The call that failed and the system's error.
    public var failure: SystemCallFailure

    init(address: ListenAddress, operation: String, _ errorNumber: Int32) {
        self.address = address
        self.failure = SystemCallFailure(operation: operation, errorNumber: errorNumber)
    }

    public var description: String {
        let advice = failure.errorNumber == EADDRINUSE
            ? "; another process (another newsd?) uses the port: stop it or choose another port in `metrics.listen`"
            : failure.errorNumber == EADDRNOTAVAIL || failure.errorNumber == EAFNOSUPPORT
            ? "; the address is not configured on this machine: use 127.0.0.1"
            : ""
        return "cannot serve metrics on \(address): \(failure)\(advice)"
    }
}

/// One client of the metrics listener: read the request head, write the reply, close. Confined to the listener's
/// queue.
private final class ScrapeConnection {
    private let descriptor: Int32
    private let queue: DispatchQueue
    private let exposition: @Sendable () -> String
    private let closed: () -> Void
    private var received: [UInt8] = []
    private var outgoing: [UInt8] = []
    private var sent = 0
    private var reader: (any DispatchSourceRead)?
    private var writer: (any DispatchSourceWrite)?
    private var deadline: (any DispatchSourceTimer)?
    /// Sources created and not yet done cancelling; the descriptor closes when this reaches zero after finishing.
    private var liveSources = 0
    private var isFinished = false

    init(descriptor: Int32, queue: DispatchQueue, exposition: @escaping @Sendable () -> String,
         closed: @escaping () -> Void)
    {
        self.descriptor = descriptor
        self.queue = queue
        self.exposition = exposition
        self.closed = closed
    }

    func start(timeout: DispatchTimeInterval) {
        let reader = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        reader.setEventHandler { [unowned self] in readAvailable() }
        track(reader)
        self.reader = reader
        let deadline = DispatchSource.makeTimerSource(queue: queue)
        deadline.setEventHandler { [unowned self] in finish() }
        deadline.schedule(deadline: .now() + timeout)
        track(deadline)
        self.deadline = deadline
        reader.resume()
        deadline.resume()
    }

    /// Cancels every source; the descriptor is closed once they have all finished cancelling.
    func finish() {
        guard !isFinished else { return }
        isFinished = true
        reader?.cancel()
        writer?.cancel()
        deadline?.cancel()
        closeIfDone()
    }

    /// Counts `source` as live until its cancel handler has run. The handler keeps the connection alive till then.
    private func track(_ source: any DispatchSourceProtocol) {
        liveSources += 1
        source.setCancelHandler { [self] in
            liveSources -= 1
            closeIfDone()
        }
    }

    private func closeIfDone() {
        guard isFinished, liveSources == 0 else { return }
        reader = nil
        writer = nil
        deadline = nil
        _ = Glibc.close(descriptor)
        closed()
    }

    private func readAvailable() {
        guard !isFinished else { return }
        var chunk = [UInt8](repeating: 0, count: 4_096)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
            finish()
            return
        }
        if count == 0 {
            finish()   // the client went away before finishing its request
            return
        }
        received += chunk[..<count]
        let reply: ScrapeReply
        switch ScrapeRequest.parse(received) {
        case .incomplete:
            return
        case .refused(let refusal):
            reply = refusal
        case .head(let method, let target):
            reply = ScrapeReply.answering(method: method, target: target, exposition: exposition)
        }
        reader?.cancel()   // one request per connection; the descriptor stays open for the reply
        outgoing = reply.bytes
        writeAvailable()
    }

    private func writeAvailable() {
        guard !isFinished else { return }
        while sent < outgoing.count {
            let count = outgoing[sent...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    waitForWritable()
                    return
                }
                finish()
                return
            }
            sent += count
        }
        _ = shutdown(descriptor, Int32(SHUT_WR))
        finish()
    }

    private func waitForWritable() {
        guard writer == nil else { return }
        let writer = DispatchSource.makeWriteSource(fileDescriptor: descriptor, queue: queue)
        writer.setEventHandler { [unowned self] in writeAvailable() }
        track(writer)
        self.writer = writer
        writer.resume()
    }
}
