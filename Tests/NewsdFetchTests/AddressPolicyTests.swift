import NewsdFetch
import NewsdTestSupport
import Testing

private func ipv4(_ text: String) -> UInt32 {
    text.split(separator: ".").map { UInt32($0)! }.reduce(0) { $0 << 8 | $1 }
}

private func ipv6(_ groups: [UInt16]) -> [UInt8] {
    groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
}

@Suite("Address policy")
struct AddressPolicyTests {
    @Test("non-public IPv4 addresses are refused", arguments: [
        "0.0.0.0", "10.1.2.3", "100.64.0.1", "127.0.0.1", "127.255.255.254", "169.254.169.254", "172.16.0.1",
        "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
        "224.0.0.251", "239.255.255.250", "255.255.255.255",
    ])
    func privateIPv4(_ address: String) {
        #expect(!AddressPolicy.isPublic(ipv4: ipv4(address)))
    }

    @Test("public IPv4 addresses are admitted", arguments: [
        "1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
        "192.169.0.1", "198.20.0.1",
    ])
    func publicIPv4(_ address: String) {
        #expect(AddressPolicy.isPublic(ipv4: ipv4(address)))
    }

    @Test("non-public IPv6 addresses are refused, including IPv4 carried inside IPv6", arguments: [
        [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1], [0xFE80, 0, 0, 0, 0, 0, 0, 1],
        [0xFD00, 0, 0, 0, 0, 0, 0, 1], [0xFF02, 0, 0, 0, 0, 0, 0, 1], [0x2001, 0x0DB8, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0xFFFF, 0x7F00, 0x0001], [0, 0, 0, 0, 0, 0xFFFF, 0xA9FE, 0xA9FE],
        [0x0064, 0xFF9B, 0, 0, 0, 0, 0x0A00, 0x0001],
    ] as [[UInt16]])
    func privateIPv6(_ groups: [UInt16]) {
        #expect(!AddressPolicy.isPublic(ipv6: ipv6(groups)))
    }

    @Test("public IPv6 addresses are admitted, including a public IPv4 mapped into IPv6", arguments: [
        [0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111], [0x2a00, 0x1450, 0x4001, 0x0800, 0, 0, 0, 0x200e],
        [0, 0, 0, 0, 0, 0xFFFF, 0x0808, 0x0808],
    ] as [[UInt16]])
    func publicIPv6(_ groups: [UInt16]) {
        #expect(AddressPolicy.isPublic(ipv6: ipv6(groups)))
    }
}

@Suite("Private-network guard")
struct PrivateNetworkGuardTests {
    @Test("a source that does not allow private networks cannot reach a loopback server")
    func loopbackRefused() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "internal") }
        defer { server.stop() }
        let error = try #require(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/admin")))
        }
        #expect(error.kind == .privateAddressRefused("127.0.0.1"))
        #expect(error.description.contains("allow_private_networks: true"))
        #expect(server.requests.isEmpty, "no request reached the server")
    }

    @Test("a name that resolves to a private address is refused at connect time")
    func resolvedNameRefused() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "internal") }
        defer { server.stop() }
        let error = try #require(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: "http://localhost:\(server.port)/admin"))
        }
        guard case .privateAddressRefused = error.kind else {
            Issue.record("expected a refusal, got \(error)")
            return
        }
        #expect(server.requests.isEmpty)
    }

    @Test("a source that allows private networks reaches it")
    func loopbackAllowed() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "internal") }
        defer { server.stop() }
        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/admin"), allowPrivateNetworks: true))
        #expect(response.body == Array("internal".utf8))
    }
}
