import NewsdMetrics
import Testing

@Suite("Metrics listen address")
struct ListenAddressTests {
    @Test("loopback addresses are accepted", arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), ("127.3.2.1:80", "127.3.2.1", 80), ("localhost:9464", "127.0.0.1", 9464),
        ("[::1]:9464", "::1", 9464), ("127.0.0.1:0", "127.0.0.1", 0),
    ])
    func accepted(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test("addresses other machines can reach are refused, saying that metrics are loopback only", arguments: [
        "0.0.0.0:9464", "192.168.1.10:9464", "[::]:9464", "[2001:db8::1]:9464", "example.com:9464", "10.0.0.1:9464",
    ])
    func notLoopback(text: String) {
        #expect {
            try ListenAddress(parsing: text)
        } throws: { error in
            "\(error)".contains("not a loopback address") && "\(error)".contains("127.0.0.1")
        }
    }

    @Test("text that is not host:port is refused with the expected form", arguments: [
        "127.0.0.1", "127.0.0.1:http", "127.0.0.1:70000", "::1:9464", ":9464",
    ])
    func malformed(text: String) {
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: text) }
    }
}
