import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdTestSupport
import Testing

@Suite("Items carried inline in the feed")
struct InlineContentTests {
    @Test("an item with no link is extracted from the content the feed carries")
    func itemWithoutLinkUsesFeedContent() throws {
        let paragraphs = [
            "The ferry timetable changes on Monday, with two extra crossings added in the early morning.",
            "Operators said the added sailings answer requests from shift workers at the hospital and the port.",
        ]
        let content = paragraphs.map { "<p>\($0)</p>" }.joined()
        let feed = """
            <?xml version="1.0"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Inline</title>
            <item><title>Ferry timetable changes</title><guid isPermaLink="false">inline-1</guid>
            <content:encoded><![CDATA[\(content)]]></content:encoded></item>
            </channel></rss>
            """
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(headers: ["Content-Type": "application/rss+xml"], text: feed)
        }
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: spool\nstate: state\n".write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        try "id: inline\nfeeds: [\(server.url("/feed.xml"))]\nallow_private_networks: true\n"
            .write(toFile: scratch.file("sources.d/inline.yaml"), atomically: true, encoding: .utf8)

        let daemon = try Daemon(configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
                                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let reports = daemon.runOnce()
        #expect(reports.first?.problems == [])
        let records = try spooledRecords(in: scratch.file("spool"))
        #expect(records.count == 1)
        #expect(records.first?.record.paragraphs == paragraphs)
        #expect(records.first?.record.title == "Ferry timetable changes")
        #expect(server.requests.count == 1, "only the feed is fetched")
    }
}
