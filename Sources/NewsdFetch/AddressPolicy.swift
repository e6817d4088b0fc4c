/// Which network addresses a fetch may connect to: the guard against server-side request forgery.
///
/// A feed is input from strangers: an item link, or a redirect, can point at `http://169.254.169.254/` (a cloud
/// metadata service), `http://127.0.0.1:8080/admin` or a host on the office network, and newsd would fetch it and
/// hand the answer to downstream tools. Unless a source allows private networks, only public unicast addresses
/// are admitted. The check runs on the resolved address as the socket is opened, after DNS, so a name that
/// resolves to a private address — or re-resolves to one (DNS rebinding) — is refused all the same.
public enum AddressPolicy {
    /// Whether an IPv4 address (in host byte order) is public unicast.
    public static func isPublic(ipv4 address: UInt32) -> Bool {
        !privateIPv4.contains { address & $0.mask == $0.network }
    }

    /// Whether an IPv6 address (16 bytes, network order) is public unicast. IPv4-mapped, IPv4-compatible and NAT64
    /// addresses are judged by the IPv4 address they carry.
    public static func isPublic(ipv6 bytes: [UInt8]) -> Bool {
        precondition(bytes.count == 16, "an IPv6 address has 16 bytes")
        let embedded = UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15])
        if bytes[0..<10].allSatisfy({ $0 == 0 }) {
            if bytes[10] == 0xFF, bytes[11] == 0xFF { return isPublic(ipv4: embedded) }  // ::ffff:a.b.c.d
            if bytes[10] == 0, bytes[11] == 0 { return false }  // ::, ::1 and deprecated ::a.b.c.d
        }
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return isPublic(ipv4: embedded) }
        if bytes[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0xC0 { return false }  // fec0::/10 site-local (deprecated)
        if bytes[0] == 0xFF { return false }  // ff00::/8 multicast
        if bytes[0..<4] == [0x20, 0x01, 0x0D, 0xB8] { return false }  // 2001:db8::/32 documentation
        if bytes[0..<8] == [0x01, 0x00, 0, 0, 0, 0, 0, 0] { return false }  // 100::/64 discard
        return true
    }

    /// IPv4 ranges that are not public unicast (RFC 6890 and friends).
    private static let privateIPv4: [(network: UInt32, mask: UInt32)] = [
        (0x0000_0000, 0xFF00_0000),  // 0.0.0.0/8 "this network"
        (0x0A00_0000, 0xFF00_0000),  // 10.0.0.0/8 private
        (0x6440_0000, 0xFFC0_0000),  // 100.64.0.0/10 carrier-grade NAT
        (0x7F00_0000, 0xFF00_0000),  // 127.0.0.0/8 loopback
        (0xA9FE_0000, 0xFFFF_0000),  // 169.254.0.0/16 link-local (cloud metadata)
        (0xAC10_0000, 0xFFF0_0000),  // 172.16.0.0/12 private
        (0xC000_0000, 0xFFFF_FF00),  // 192.0.0.0/24 protocol assignments
        (0xC000_0200, 0xFFFF_FF00),  // 192.0.2.0/24 documentation
        (0xC0A8_0000, 0xFFFF_0000),  // 192.168.0.0/16 private
        (0xC612_0000, 0xFFFE_0000),  // 198.18.0.0/15 benchmarking
        (0xC633_6400, 0xFFFF_FF00),  // 198.51.100.0/24 documentation
        (0xCB00_7100, 0xFFFF_FF00),  // 203.0.113.0/24 documentation
        (0xE000_0000, 0xF000_0000),  // 224.0.0.0/4 multicast
        (0xF000_0000, 0xF000_0000),  // 240.0.0.0/4 reserved and broadcast
    ]
}
