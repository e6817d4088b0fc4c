/// A small real HTTP/1.1 server on 127.0.0.1 for tests: a kernel-chosen port, one thread per connection.
///
/// Every response carries `Connection: close` and the connection closes after it (no keep-alive), which keeps the
/// server simple and makes "one connection per request" observable. The server records every request it parsed
/// and the peak number of simultaneously open connections, so tests can assert on what a client sent and how
/// concurrently it did so.
///
/// ```swift
/// let server = try LoopbackHTTPServer { request in
///     HTTPTestResponse(headers: ["Content-Type": "text/plain"], text: "hello")
/// }
/// defer { server.stop() }
/// fetch(server.url("/hello"))
/// ```
public final class LoopbackHTTPServer: Sendable {
    /// Answers one request; called on the connection's own thread, possibly concurrently.
    public typealias Handler = @Sendable (HTTPTestRequest) -> HTTPTestResponse

    /// The TCP port the kernel chose.
    public let port: Int

    private let core: LoopbackServerCore

    /// Starts listening and accepting; every request is answered by `handler`.
    ///
    /// `stopTimeout` bounds how long ``stop()`` waits for running handlers once it has cut their connections; a
    /// handler still running then is stuck, and the process stops with a `preconditionFailure` naming its request.
    public init(stopTimeout: Duration = .seconds(10), handler: @escaping Handler) throws(LoopbackServerError) {
        let (listener, port) = try Socket.listenOnLoopback()
        let wakePipe: (read: Int32, write: Int32)
        do {
            wakePipe = try Socket.makeWakePipe()
        } catch {
            Socket.close(listener)
            throw error
        }
        self.port = port
        self.core = LoopbackServerCore(
            listener: listener, wakePipe: wakePipe, stopTimeout: stopTimeout, handler: handler
        )
        core.start()
    }

    deinit {
        core.stop()
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String {
        "http://127.0.0.1:\(port)"
    }

    /// The absolute URL of `path` (which should start with `/`) on this server.
    public func url(_ path: String) -> String {
        baseURL + path
    }

    /// Every request received so far, in arrival order.
    public var requests: [HTTPTestRequest] {
        core.state.withLock { $0.requests }
    }

    /// The largest number of connections that were open at the same time.
    public var peakConcurrentConnections: Int {
        core.state.withLock { $0.peakConnections }
    }

    /// The largest number of requests whose handlers ran at the same time. Unlike connections, which the server
    /// closes a moment after the client has its response, a handler runs strictly within its request's transfer,
    /// so this is what a client-side concurrency limit bounds exactly.
    public var peakConcurrentRequests: Int {
        core.state.withLock { $0.peakHandling }
    }

    /// Closes the listener, cuts open connections (interrupting trickled bodies) and waits for the accept thread
    /// and every connection thread to finish, failing a precondition if a handler is still running after the
    /// stop timeout. Safe to call more than once; `deinit` calls it too.
    public func stop() {
        core.stop()
    }
}
