#if canImport(Glibc)
import Glibc
#endif

/// A loopback address and port to serve metrics on: `127.0.0.1:9464`, `[::1]:9464` or `localhost:9464`.
///
/// Metrics tell anyone who can read them which sources newsd polls and how they fare, so they are served on
/// loopback only (127.0.0.0/8 or ::1); a Prometheus elsewhere scrapes through a proxy or node_exporter's
/// textfile collector. Port 0 asks the system for a free port (tests); the listener reports the one it got.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The numeric host: an IPv4 address in 127.0.0.0/8 or `::1`.
    public var host: String
    public var port: Int

    /// Whether ``host`` is IPv6.
    public var isIPv6: Bool { host.contains(":") }

    /// `127.0.0.1:9464` or `[::1]:9464`.
    public var description: String {
        isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Reads `host:port`; the error says why the text is refused and what to write instead.
    public init(parsing text: String) throws(ListenAddressError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ListenAddressError("expected [IPv6]:port like [::1]:9464, got \"\(text)\"")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw ListenAddressError("expected host:port like 127.0.0.1:9464, got \"\(text)\""
                    + (text.filter { $0 == ":" }.count > 1 ? "; write an IPv6 address in brackets: [::1]:9464" : ""))
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard let port = Int(portPart), (0...65_535).contains(port) else {
            throw ListenAddressError("the port must be a number from 0 to 65535, got \"\(portPart)\"")
        }
        let host = hostPart.lowercased()
        let numeric: String
        if host == "localhost" {
            numeric = "127.0.0.1"
        } else if Self.isIPv4Loopback(host) {
            numeric = host
        } else if Self.isIPv6Loopback(host) {
            numeric = "::1"
        } else {
            throw ListenAddressError("\(hostPart) is not a loopback address; metrics are served on loopback only "
                + "(127.0.0.0/8, ::1 or localhost): use 127.0.0.1:\(port), and let Prometheus reach it through a "
                + "proxy or node_exporter's textfile collector (`textfile:`)")
        }
        self.host = numeric
        self.port = port
    }

    private static func isIPv4Loopback(_ host: String) -> Bool {
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return false }
        return UInt32(bigEndian: address.s_addr) >> 24 == 127
    }

    private static func isIPv6Loopback(_ host: String) -> Bool {
        var address = in6_addr()
        guard inet_pton(AF_INET6, host, &address) == 1 else { return false }
        return withUnsafeBytes(of: &address) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
    }
}

/// Why a `listen` address was refused.
public struct ListenAddressError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
