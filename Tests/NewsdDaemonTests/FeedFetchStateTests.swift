import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdState
import NewsdTestSupport
import Testing

/// A source with one feed on a loopback server, polled by a real daemon; its feed state read back from the database.
private struct OneFeedSource {
    let scratch: ScratchDirectory
    let logs = RecordedLogs()
    let feedURL: String

    init(server: LoopbackHTTPServer, feedPath: String, extra: String = "") throws {
        scratch = try ScratchDirectory()
        feedURL = server.url(feedPath)
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: spool\nstate: state\nfetch:\n  host_delay: 0s\n"
            .write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        try "id: one\nfeeds: [\(feedURL)]\nallow_private_networks: true\n\(extra)"
            .write(toFile: scratch.file("sources.d/one.yaml"), atomically: true, encoding: .utf8)
    }

    @discardableResult
    func runOnce(at now: Date = Date()) throws -> SourcePassReport? {
        let daemon = try Daemon(configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
                                logger: logs.makeLogger(label: "newsd"), clock: { now })
        return daemon.runOnce().first
    }

    func state() throws -> FeedState? {
        try StateStore(directory: scratch.file("state")).feedState(source: "one", url: feedURL)
    }
}

private let itemFeed = """
    <?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>http://127.0.0.1/</link>
    <item><title>Story</title><link>/news/story.html</link><guid>item-1</guid></item>
    </channel></rss>
    """

/// A site serving `robots`, a feed with one item linking to `/news/story.html`, and that page.
private func siteWithOneItem(robots: String) throws -> LoopbackHTTPServer {
    try LoopbackHTTPServer { request in
        switch request.path {
        case "/robots.txt": HTTPTestResponse(text: robots)
        case "/feed.xml": HTTPTestResponse(headers: ["Content-Type": "application/rss+xml"], text: itemFeed)
        default: HTTPTestResponse(text: "<p>page</p>")
        }
    }
}

@Suite("Feed fetch state in the daemon")
struct FeedFetchStateTests {
    @Test("a feed answering 301 is polled at its new URL from then on, and the move is logged")
    func permanentRedirectMovesTheFeed() throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/old.xml" ? .redirect(to: "/new.xml", status: 301)
                : HTTPTestResponse(status: 304)
        }
        defer { server.stop() }
        let source = try OneFeedSource(server: server, feedPath: "/old.xml")

        try source.runOnce()
        try source.runOnce()

        #expect(try source.state()?.currentURL == server.url("/new.xml"))
        #expect(server.requests.map(\.path) == ["/old.xml", "/new.xml", "/new.xml"])
        #expect(source.logs.entries(at: .notice).contains { $0.message.description.hasPrefix("feed moved permanently") })
    }

    @Test("a feed answering 410 is marked gone, reported, and not polled again")
    func goneFeedStopsPolling() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(status: 410, text: "gone") }
        defer { server.stop() }
        let source = try OneFeedSource(server: server, feedPath: "/feed.xml")

        let first = try source.runOnce()
        let second = try source.runOnce()

        #expect(server.requests.count == 1)
        #expect(try source.state()?.goneAt != nil)
        #expect(first?.succeeded == false && second?.succeeded == false)
        #expect(second?.problems.first?.contains("is gone (HTTP 410") == true)
    }

    @Test("a 429 with Retry-After holds the feed back until then")
    func retryAfterHoldsBack() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(status: 429, headers: ["Retry-After": "7200"], text: "slow down")
        }
        defer { server.stop() }
        let source = try OneFeedSource(server: server, feedPath: "/feed.xml")
        let start = Date(timeIntervalSince1970: 1_800_000_000)

        try source.runOnce(at: start)
        let held = try source.runOnce(at: start + 3600)
        try source.runOnce(at: start + 7200)

        #expect(try source.state()?.consecutiveFailures == 2)
        #expect(held?.feedsSkipped == 1)
        #expect(server.requests.count == 2)
    }

    @Test("a page robots.txt disallows is not fetched, and the item is reported")
    func robotsDisallowedPage() throws {
        let server = try siteWithOneItem(robots: "User-agent: *\nDisallow: /news/\n")
        defer { server.stop() }
        let source = try OneFeedSource(server: server, feedPath: "/feed.xml")

        let report = try source.runOnce()

        #expect(!server.requests.contains { $0.path == "/news/story.html" })
        #expect(report?.problems.contains { $0.contains("robots.txt disallows") } == true)
    }

    @Test("with obey_robots: false the page is fetched whatever robots.txt says")
    func robotsOverride() throws {
        let server = try siteWithOneItem(robots: "User-agent: *\nDisallow: /\n")
        defer { server.stop() }
        let source = try OneFeedSource(server: server, feedPath: "/feed.xml", extra: "obey_robots: false\n")

        try source.runOnce()

        #expect(server.requests.contains { $0.path == "/news/story.html" })
        #expect(!server.requests.contains { $0.path == "/robots.txt" })
    }

    @Test("ignore_validators leaves stored validators out of the feed request")
    func ignoreValidators() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(headers: ["ETag": "\"v1\"", "Content-Type": "application/rss+xml"],
                             text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title></channel></rss>")
        }
        defer { server.stop() }
        let source = try OneFeedSource(server: server, feedPath: "/feed.xml", extra: "ignore_validators: true\n")

        try source.runOnce()
        try source.runOnce()

        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.headers["If-None-Match"] == nil })
    }
}
