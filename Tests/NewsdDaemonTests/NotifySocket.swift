import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fake systemd notify socket: a Unix datagram socket in a scratch directory that records what newsd sends.
final class NotifySocket {
    let path: String
    private let descriptor: Int32

    init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent("notify.sock")
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        // A guard against a hung test, not a stand-in for synchronisation: every receive waits for a real message.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// The next datagram's assignments, or `nil` if none came within the guard time.
    func receive() -> [String]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Receives datagrams until one has an assignment matching `predicate`; returns everything received on the way.
    func receive(until predicate: (String) -> Bool) -> [[String]] {
        var received: [[String]] = []
        while let message = receive() {
            received.append(message)
            if message.contains(where: predicate) { break }
        }
        return received
    }

    /// Receives datagrams until one carries exactly `assignment`.
    func receive(until assignment: String) -> [[String]] {
        receive(until: { $0 == assignment })
    }
}
