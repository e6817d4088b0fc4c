import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdTestSupport
import Testing

@Suite("A feed's Content-Location in a daemon pass")
struct FeedContentLocationTests {
    @Test("item links relative to the feed resolve against the Content-Location the server sent")
    func relativeItemLinkFollowsContentLocation() throws {
        let paragraphs = [
            "The harbour bridge reopens to cyclists on Friday after three months of repairs to its deck.",
            "Engineers replaced the worn expansion joints and repainted the railings along the whole span.",
        ]
        let feed = """
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>Harbour</title>
            <item><title>Bridge reopens</title><guid isPermaLink="false">bridge-1</guid><link>story.html</link></item>
            </channel></rss>
            """
        let page = "<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
            + paragraphs.map { "<p>\($0)</p>" }.joined() + "</article></body></html>"
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/feeds/latest.xml":
                HTTPTestResponse(headers: ["Content-Type": "application/rss+xml",
                                           "Content-Location": "/archive/2026/feed.xml"], text: feed)
            case "/archive/2026/story.html":
                HTTPTestResponse(headers: ["Content-Type": "text/html; charset=utf-8"], text: page)
            default:
                .notFound
            }
        }
        defer { server.stop() }
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: spool\nstate: state\n".write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        try "id: harbour\nfeeds: [\(server.url("/feeds/latest.xml"))]\nallow_private_networks: true\n"
            .write(toFile: scratch.file("sources.d/harbour.yaml"), atomically: true, encoding: .utf8)

        let daemon = try Daemon(configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
                                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let reports = daemon.runOnce()

        #expect(reports.first?.problems == [])
        #expect(server.requests.map(\.path).contains("/archive/2026/story.html"))
        let records = try spooledRecords(in: scratch.file("spool"))
        #expect(records.first?.record.copies.first?.url == server.url("/archive/2026/story.html"))
    }
}
