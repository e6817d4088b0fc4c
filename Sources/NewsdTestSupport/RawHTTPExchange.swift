import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One hand-written HTTP request to a server on 127.0.0.1, and everything the server sent back until it closed:
/// for testing servers the daemon runs (the metrics listener) with requests no ordinary client sends.
public struct RawHTTPExchange: Sendable {
    /// The status code from the response's status line (0 when none arrived).
    public var status: Int
    /// The response head's header lines, names lower-cased.
    public var headers: [String: String]
    public var body: String

    /// Connects to `127.0.0.1:port`, sends `request` verbatim and reads until the server closes the connection.
    public static func send(_ request: String, toPort port: Int) throws(LoopbackServerError) -> RawHTTPExchange {
        RawHTTPExchange(parsing: try RawConnection(port: port).exchangeBytes(request))
    }

    /// Splits a received response into status, headers and body.
    init(parsing bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
        let lines = (parts.first ?? "").split(separator: "\r\n")
        status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        body = parts.count > 1 ? String(parts[1]) : ""
    }
}

extension Socket {
    /// Opens a TCP connection to `127.0.0.1:port`.
    static func connectToLoopback(port: Int) throws(LoopbackServerError) -> Int32 {
        #if os(Linux)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw LoopbackServerError(operation: "socket", errorNumber: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let error = LoopbackServerError(operation: "connect", errorNumber: errno)
            close(descriptor)
            throw error
        }
        // A guard against a hung test, not a stand-in for synchronisation: a server that never closes the
        // connection ends the read after 30 s with what it sent, and the test's expectations fail instead.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }
}
