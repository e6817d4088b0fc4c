import Foundation
import NewsdMetrics
import NewsdTestSupport
import Testing

@Suite("Metrics listener")
struct MetricsListenerTests {
    private static func listener(requestTimeout: Duration = .seconds(5)) throws -> (MetricsListener, MetricsRegistry) {
        let registry = MetricsRegistry()
        registry.counter("scrapes_seen_total", help: "A counter for the test.").increment(by: 2)
        let listener = try MetricsListener(address: ListenAddress(parsing: "127.0.0.1:0"),
                                           requestTimeout: requestTimeout) { registry.exposition() }
        return (listener, registry)
    }

    @Test("port 0 binds a free port, reported on the listener, and GET /metrics returns the exposition")
    func scrape() throws {
        let (listener, registry) = try Self.listener()
        defer { listener.close() }
        #expect(listener.address.port > 0)
        let exchange = try RawHTTPExchange.send("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n",
                                                toPort: listener.address.port)
        #expect(exchange.status == 200)
        #expect(exchange.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(exchange.body == registry.exposition())
    }

    @Test("other paths get 404 and other methods 405")
    func notFoundAndNotAllowed() throws {
        let (listener, _) = try Self.listener()
        defer { listener.close() }
        let port = listener.address.port
        #expect(try RawHTTPExchange.send("GET / HTTP/1.1\r\n\r\n", toPort: port).status == 404)
        #expect(try RawHTTPExchange.send("GET /metricsx HTTP/1.1\r\n\r\n", toPort: port).status == 404)
        let post = try RawHTTPExchange.send("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n", toPort: port)
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET, HEAD")
    }

    @Test("an HTTP/1.0 head with bare line feeds is answered")
    func bareLineFeeds() throws {
        let (listener, _) = try Self.listener()
        defer { listener.close() }
        let exchange = try RawHTTPExchange.send("GET /metrics HTTP/1.0\nUser-Agent: test\n\n",
                                                toPort: listener.address.port)
        #expect(exchange.status == 200)
    }

    @Test("every connection is closed after its answer: no descriptor is left open")
    func connectionsAreClosed() throws {
        let (listener, _) = try Self.listener()
        defer { listener.close() }
        for _ in 0..<20 {
            _ = try RawHTTPExchange.send("GET /metrics HTTP/1.1\r\n\r\n", toPort: listener.address.port)
        }
        _ = try RawHTTPExchange.send("DELETE /metrics HTTP/1.1\r\n\r\n", toPort: listener.address.port)
        #expect(listener.waitUntilNoConnections(timeout: .seconds(5)))
    }

    @Test("a client that never sends its request is disconnected after the request timeout")
    func idleClientIsDisconnected() throws {
        let (listener, _) = try Self.listener(requestTimeout: .milliseconds(100))
        defer { listener.close() }
        // An incomplete head: the exchange returns only when the listener gives up and closes the connection.
        let exchange = try RawHTTPExchange.send("GET /metrics HTTP/1.1\r\n", toPort: listener.address.port)
        #expect(exchange.status == 0)
        #expect(listener.waitUntilNoConnections(timeout: .seconds(5)))
    }

    @Test("binding an address already in use fails, naming the address")
    func addressInUse() throws {
        let (listener, _) = try Self.listener()
        defer { listener.close() }
        let address = listener.address
        #expect {
            _ = try MetricsListener(address: address) { "" }
        } throws: { error in
            "\(error)".contains("cannot serve metrics on \(address)") && "\(error)".contains("metrics.listen")
        }
    }
}
