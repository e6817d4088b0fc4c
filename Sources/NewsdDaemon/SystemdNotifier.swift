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
    /// How often systemd expects `WATCHDOG=1` (`WatchdogSec=`, passed as `$WATCHDOG_USEC`), or `nil` when the
    /// watchdog is off or meant for another process (`$WATCHDOG_PID` names a different pid), as
    /// `sd_watchdog_enabled(3)` decides.
    public let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`; `processID` is this process's
    /// id, compared with `WATCHDOG_PID`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                processID: Int32 = getpid())
    {
        let path = environment["NOTIFY_SOCKET"]
        self.socketPath = (path?.isEmpty ?? true) ? nil : path
        self.watchdogInterval = Self.watchdogInterval(environment, processID: processID)
    }

    private static func watchdogInterval(_ environment: [String: String], processID: Int32) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0,
              microseconds < UInt64(Int64.max / 1_000)
        else { return nil }
        if let pid = environment["WATCHDOG_PID"], Int32(pid) != processID { return nil }
        return .microseconds(Int64(microseconds))
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

    /// Tells systemd the service is reloading its configuration; ``ready(status:)`` must follow once it is done.
    /// `MONOTONIC_USEC` is the current `CLOCK_MONOTONIC` time, as `Type=notify-reload` requires.
    @discardableResult public func reloading(status: String? = nil) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
        return send(["RELOADING=1", "MONOTONIC_USEC=\(microseconds)"] + (status.map { ["STATUS=\($0)"] } ?? []))
    }

    /// Pets the watchdog.
    @discardableResult public func watchdog() -> Bool { send(["WATCHDOG=1"]) }

    /// How long a send may wait for room in the manager's socket queue before the message is given up.
    public static let sendTimeout: Duration = .seconds(1)

    /// Sends one datagram of newline-separated assignments. Returns whether it was delivered.
    ///
    /// A manager that does not read its socket (its queue full: `net.unix.max_dgram_qlen` datagrams) makes the send
    /// wait at most ``sendTimeout``; the message is then dropped rather than blocking the caller — the watchdog's
    /// queue, a pass finishing, a daemon on its way out.
    @discardableResult public func send(_ assignments: [String]) -> Bool {
        guard let socketPath else { return false }
        let message = assignments.joined(separator: "\n")
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let wait = Self.sendTimeout.components
        var timeout = timeval(tv_sec: Int(wait.seconds), tv_usec: Int(wait.attoseconds / 1_000_000_000_000))
        guard setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0
        else { return false }

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
