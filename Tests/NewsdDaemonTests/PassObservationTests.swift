import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdTestSupport
import Testing

/// What a pass reports for the scheduler: feeds fetched, new items' dates, freshness hints, retry times.
@Suite("Pass observations for the scheduler")
struct PassObservationTests {
    let now = Date(timeIntervalSince1970: 1_795_435_200)   // Mon, 23 Nov 2026 12:00:00 GMT

    /// One pass of a daemon at a fixed time over a source whose one feed `server` serves.
    func pass(_ server: LoopbackHTTPServer) throws -> SourcePassReport? {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: spool\nstate: state\nfetch:\n  host_delay: 0s\n"
            .write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        try "id: one\nfeeds: [\(server.url("/feed.xml"))]\nallow_private_networks: true\n"
            .write(toFile: scratch.file("sources.d/one.yaml"), atomically: true, encoding: .utf8)
        let daemon = try Daemon(configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
                                logger: Logger(label: "test"), clock: { [now] in now })
        return daemon.runOnce().first
    }

    @Test("a fetched feed reports its new items' dates and the longer of its <ttl> and its max-age")
    func fetchedFeed() throws {
        let feed = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>http://127.0.0.1/</link>
            <ttl>30</ttl>
            <item><guid>a</guid><description>First.</description><pubDate>Mon, 23 Nov 2026 11:00:00 GMT</pubDate></item>
            <item><guid>b</guid><description>Second.</description><pubDate>Mon, 23 Nov 2026 11:40:00 GMT</pubDate></item>
            <item><guid>c</guid><description>Undated.</description></item>
            </channel></rss>
            """
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(headers: ["Content-Type": "application/rss+xml", "Cache-Control": "max-age=600"],
                             text: feed)
        }
        defer { server.stop() }
        let report = try #require(try pass(server))
        #expect(report.feedsFetched == 1)
        #expect(report.itemsNew == 3)
        #expect(report.newItemDates.sorted() == [now.addingTimeInterval(-3600), now.addingTimeInterval(-1200)])
        #expect(report.freshFor == .seconds(1800))
        #expect(report.retryNotBefore == nil)
    }

    @Test("a feed answering 503 with Retry-After reports no fetch and the retry time")
    func failingFeed() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(status: 503, headers: ["Retry-After": "7200"], text: "busy")
        }
        defer { server.stop() }
        let report = try #require(try pass(server))
        #expect(report.feedsFetched == 0)
        #expect(report.retryNotBefore == now.addingTimeInterval(7200))
        #expect(report.freshFor == nil)
    }

    @Test("the source's hint is the shortest of its feeds', and a feed without one leaves it without")
    func combinedHints() {
        var report = SourcePassReport(sourceID: "s")
        report.noteFetched(freshFor: .seconds(600))
        report.noteFetched(freshFor: .seconds(300))
        #expect(report.freshFor == .seconds(300))
        report.noteFetched(freshFor: nil)
        report.noteFetched(freshFor: .seconds(900))
        #expect(report.freshFor == nil)
        #expect(report.feedsFetched == 4)
    }
}
