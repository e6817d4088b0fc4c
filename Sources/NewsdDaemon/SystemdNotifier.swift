public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Speaks systemd's notify protocol (`sd_notify(3)`): datagrams such as `READY=1` sent to `$NOTIFY_SOCKET`.
///
/// Outside systemd (`NOTIFY_SOCKET` unset) every call does nothing, so the daemon need not know how it was started.
public struct SystemdNotifier: Sendable {
    /// The socket path; a leading `@` names an abstract socket.
    public let socketPath: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"]
        self.socketPath = (path?.isEmpty ?? true) ? nil : path
    }

    /// Whether a service manager is listening.
    public var isActive: Bool { socketPath != nil }

    /// Tells systemd start-up is complete.
    @discardableResult public func ready(status: String? = nil) -> Bool {
        send(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? []))
    }

    /// Updates the one-line status `systemctl status` shows.
    @discardableResult public func status(_ text: String) -> Bool { send(["STATUS=\(text)"]) }

    /// Tells systemd the service is shutting down.
    @discardableResult public func stopping() -> Bool { send(["STOPPING=1"]) }

    /// Pets the watchdog.
    @discardableResult public func watchdog() -> Bool { send(["WATCHDOG=1"]) }

    /// Sends one datagram of newline-separated assignments. Returns whether it was delivered.
    @discardableResult public func send(_ assignments: [String]) -> Bool {
        guard let socketPath else { return false }
        let message = assignments.joined(separator: "\n")
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        let sent = message.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, text, strlen(text), Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        return sent >= 0
    }
}
