/// A TCP port on 127.0.0.1 that refuses every connection for as long as this object lives.
///
/// The port is bound but not listening, so the kernel refuses connections to it, and no other socket can take it
/// meanwhile: unlike the port of a stopped server, it cannot be reused by a test running in parallel. Keep the
/// object alive while connecting, for instance with `withExtendedLifetime`.
public final class RefusingLoopbackPort: Sendable {
    /// The TCP port the kernel chose.
    public let port: Int

    private let descriptor: Int32

    /// Binds a fresh port without listening on it.
    public init() throws(LoopbackServerError) {
        (descriptor, port) = try Socket.bindToLoopback(listening: false)
    }

    deinit {
        Socket.close(descriptor)
    }

    /// `http://127.0.0.1:PORT` followed by `path` (which should start with `/`).
    public func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)" + path
    }
}
