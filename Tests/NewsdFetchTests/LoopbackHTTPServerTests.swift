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

        let response = try fetcher.fetch(FetchRequest(url: server.url("/feed.xml")))
        let error = #expect(throws: FetchError.self) {
            try fetcher.fetch(FetchRequest(url: server.url("/missing.xml")))
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
            try makeFetcher().fetch(FetchRequest(url: server.url("/feed.xml")))
        }

        #expect(error?.kind == .httpStatus(503, retryAfter: "5"))
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
            Result { () throws(FetchError) in try fetcher.fetch(FetchRequest(url: server.url("/\(index)"))) }
        }

        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(server.peakConcurrentConnections == 2)
    }
}

/// Lets concurrent handlers wait for each other.
private final class ArrivalCounter: @unchecked Sendable {
    private let condition = NSCondition()
    private var arrived = 0

    func arriveAndWait(forTotal total: Int, timeout: TimeInterval) {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while arrived < total, condition.wait(until: deadline) {}
    }
}
