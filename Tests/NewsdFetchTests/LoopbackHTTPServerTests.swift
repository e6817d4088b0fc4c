import Foundation
import NewsdFetch
import NewsdTestSupport
import Testing

@Suite("LoopbackHTTPServer")
struct LoopbackHTTPServerTests {
    @Test("a directory server serves files with their content type and 404s the rest")
    func directory() throws {
        let file = try TemporaryFile(named: "feed.xml", contents: Array("<rss/>".utf8))
        defer { file.remove() }
        let server = try LoopbackHTTPServer.serving(directory: file.directory.path)
        defer { server.stop() }
        let fetcher = makeFetcher()

        let response = try fetcher.fetch(FetchRequest(url: server.url("/feed.xml"), allowPrivateNetworks: true))
        let error = #expect(throws: FetchError.self) {
            try fetcher.fetch(FetchRequest(url: server.url("/missing.xml"), allowPrivateNetworks: true))
        }

        #expect(response.body == Array("<rss/>".utf8))
        #expect(response.contentType == "application/xml")
        #expect(error?.kind == .httpStatus(404, retryAfter: nil))
    }

    @Test("a directory server answers overridden routes before looking at files")
    func routeOverride() throws {
        let file = try TemporaryFile(named: "feed.xml", contents: Array("<rss/>".utf8))
        defer { file.remove() }
        let server = try LoopbackHTTPServer.serving(
            directory: file.directory.path,
            routes: ["/feed.xml": HTTPTestResponse(status: 503, headers: ["Retry-After": "5"])]
        )
        defer { server.stop() }

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/feed.xml"), allowPrivateNetworks: true))
        }

        #expect(error?.kind == .httpStatus(503, retryAfter: "5"))
    }

    @Test("a request with a negative or garbled Content-Length gets 400 and never reaches the handler",
          arguments: ["-5", "abc", "", "12x", "99999999999999999999"])
    func badContentLength(length: String) throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "handled") }
        defer { server.stop() }

        let answer = try RawConnection(port: server.port)
            .exchange("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(length)\r\n\r\n")

        #expect(answer.hasPrefix("HTTP/1.1 400 "))
        #expect(server.requests.isEmpty)
    }

    @Test("stop gives up on a handler that never returns and names its request")
    func stuckHandler() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let started = DispatchSemaphore(value: 0)
            let server = try LoopbackHTTPServer(stopTimeout: .milliseconds(200)) { _ in
                started.signal()
                DispatchSemaphore(value: 0).wait()
                return HTTPTestResponse(text: "never")
            }
            let connection = try RawConnection(port: server.port)
            try connection.send("GET /stuck HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            started.wait()
            server.stop()
        }.map { result in
            #expect(String(decoding: result.standardErrorContent, as: UTF8.self).contains("GET /stuck"))
        }
    }

    @Test("the server records the peak number of connections open at once")
    func peakConnections() throws {
        // Each handler waits (bounded) until both requests have arrived, so both connections are open together.
        let arrivals = ArrivalCounter()
        let server = try LoopbackHTTPServer { _ in
            arrivals.arriveAndWait(forTotal: 2, timeout: 5)
            return HTTPTestResponse(text: "ok")
        }
        defer { server.stop() }
        let fetcher = makeFetcher()

        let results = concurrentResults(count: 2) { index in
            Result { () throws(FetchError) in try fetcher.fetch(FetchRequest(url: server.url("/\(index)"), allowPrivateNetworks: true, settings: FetchLimits(hostDelay: .zero))) }
        }

        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(server.peakConcurrentConnections == 2)
    }
}
