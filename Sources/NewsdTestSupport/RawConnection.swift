#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a server on 127.0.0.1, for sending requests no HTTP client would send.
public final class RawConnection {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int) throws(LoopbackServerError) {
        descriptor = try Socket.connectToLoopback(port: port)
    }

    deinit {
        Socket.close(descriptor)
    }

    /// Sends all of `text`.
    public func send(_ text: String) throws(LoopbackServerError) {
        guard Socket.write(descriptor, Array(text.utf8)[...]) else {
            throw LoopbackServerError(operation: "send", errorNumber: errno)
        }
    }

    /// Sends `text`, then reads until the server closes the connection and returns what it sent.
    public func exchange(_ text: String) throws(LoopbackServerError) -> String {
        String(decoding: try exchangeBytes(text), as: UTF8.self)
    }

    /// Sends `text`, then reads until the server closes the connection and returns the bytes it sent.
    func exchangeBytes(_ text: String) throws(LoopbackServerError) -> [UInt8] {
        try send(text)
        var received: [UInt8] = []
        while true {
            let chunk = Socket.read(descriptor, count: 65_536)
            if chunk.isEmpty { return received }
            received += chunk
        }
    }
}
