internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// Opens the sockets of one transfer, refusing addresses ``AddressPolicy`` does not admit, and remembers the
/// refusal so the fetch can say why it failed. Handed to libcurl's open-socket callback as unretained userdata;
/// the ``CurlEasy`` that owns it outlives the transfer. Confined to the thread running the transfer.
final class ConnectionGuard {
    let allowsPrivateNetworks: Bool
    /// The last address refused, as text (`127.0.0.1`, `::1`).
    private(set) var refusedAddress: String?

    /// Told every socket that was opened.
    private let opened: (Int32) -> Void

    init(allowsPrivateNetworks: Bool, opened: @escaping (Int32) -> Void) {
        self.allowsPrivateNetworks = allowsPrivateNetworks
        self.opened = opened
    }

    /// A socket for `address`, or -1 (`CURL_SOCKET_BAD`) when the address is refused or no socket can be made.
    func openSocket(for address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let family = address.pointee.family
        if !allowsPrivateNetworks {
            // libcurl stores the whole socket address (up to sockaddr_storage) from `addr` on.
            let raw = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
            switch family {
            case AF_INET:
                let ipv4 = raw.loadUnaligned(as: sockaddr_in.self)
                let host = UInt32(bigEndian: ipv4.sin_addr.s_addr)
                guard AddressPolicy.isPublic(ipv4: host) else {
                    refusedAddress = "\(host >> 24).\(host >> 16 & 0xFF).\(host >> 8 & 0xFF).\(host & 0xFF)"
                    return -1
                }
            case AF_INET6:
                let ipv6 = raw.loadUnaligned(as: sockaddr_in6.self)
                let bytes = withUnsafeBytes(of: ipv6.sin6_addr) { Array($0) }
                guard AddressPolicy.isPublic(ipv6: bytes) else {
                    refusedAddress = Self.text(ipv6: bytes)
                    return -1
                }
            default:
                refusedAddress = "an address of family \(family)"
                return -1
            }
        }
        let descriptor = socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue),
                                address.pointee.protocol)
        if descriptor >= 0 {
            opened(descriptor)
        }
        return descriptor
    }

    private static func text(ipv6 bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return "an IPv6 address" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
