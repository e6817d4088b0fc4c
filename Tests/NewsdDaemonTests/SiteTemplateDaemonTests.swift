import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdSpool
import NewsdTestSupport
import Testing

@Suite("Site templates in the daemon")
struct SiteTemplateDaemonTests {
    /// Serves ``TemplateSite``'s pages at `/news/<number>` and a feed listing the page numbers in `feed.txt`
    /// (one per line), which the test rewrites between passes.
    private struct Site {
        let scratch: ScratchDirectory
        let server: LoopbackHTTPServer

        init(extraSourceLines: String = "") throws {
            let scratch = try ScratchDirectory()
            let feedList = scratch.file("feed.txt")
            let site = TemplateSite()
            server = try LoopbackHTTPServer { request in
                if request.path == "/feed.xml" {
                    let numbers = ((try? String(contentsOfFile: feedList, encoding: .utf8)) ?? "")
                        .split(separator: "\n").compactMap { Int($0) }
                    let items = numbers.map { number in
                        "<item><title>\(site.page(number).title)</title><link>/news/\(number)</link>"
                            + "<guid>ledger-\(number)</guid></item>"
                    }.joined()
                    return HTTPTestResponse(
                        headers: ["Content-Type": "application/rss+xml"],
                        text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Ledger</title>"
                            + "<link>/</link>\(items)</channel></rss>")
                }
                guard request.path.hasPrefix("/news/"), let number = Int(request.path.dropFirst(6)) else {
                    return .notFound
                }
                return HTTPTestResponse(headers: ["Content-Type": "text/html; charset=utf-8"],
                                        text: site.page(number).html)
            }
            self.scratch = scratch
            try FileManager.default.createDirectory(atPath: scratch.file("sources.d"),
                                                    withIntermediateDirectories: true)
            try "spool: spool\nstate: state\n".write(toFile: scratch.file("newsd.yaml"), atomically: true,
                                                    encoding: .utf8)
            try "id: ledger\nfeeds: [\(server.url("/feed.xml"))]\nallow_private_networks: true\n\(extraSourceLines)"
                .write(toFile: scratch.file("sources.d/ledger.yaml"), atomically: true, encoding: .utf8)
        }

        /// One `newsd once` over the pages `numbers`, by a daemon of its own (so state is reopened each time).
        func pass(_ numbers: Range<Int>) throws -> [SourcePassReport] {
            try numbers.map(String.init).joined(separator: "\n")
                .write(toFile: scratch.file("feed.txt"), atomically: true, encoding: .utf8)
            let daemon = try Daemon(configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
                                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            return daemon.runOnce()
        }

        /// The spooled record of page `number`, found by its first body paragraph.
        func record(of number: Int) throws -> StoryRecord? {
            let first = TemplateSite().page(number).body[0]
            return try spooledRecords(in: scratch.file("spool")).map(\.record)
                .last { $0.paragraphs.contains(first) }
        }
    }

    @Test("after enough pages the sign-up box and footer are gone from later records, also after a restart")
    func learnedTemplateCleansLaterRecords() throws {
        let site = try Site()
        #expect(try site.pass(0..<10).first?.problems == [])
        #expect(try site.pass(10..<14).first?.problems == [])
        let pages = TemplateSite()
        for number in 0..<14 {
            let record = try #require(try site.record(of: number), "page \(number)")
            let page = pages.page(number)
            #expect(record.paragraphs.filter(page.body.contains) == page.body, "page \(number)")
            let hasBox = record.paragraphs.contains(TemplateSite.signUpBlocks[1])
            let hasNote = record.paragraphs.contains(TemplateSite.standingNote)
            // The first eight pages teach the template; from the ninth on it applies, across the restart too.
            #expect(hasBox == (number < 8), "page \(number)")
            #expect(hasNote == (number < 8), "page \(number)")
        }
    }

    @Test("with rules.template.enabled false nothing is learned or dropped")
    func disabledTemplateKeepsEverything() throws {
        let site = try Site(extraSourceLines: "rules:\n  template:\n    enabled: false\n")
        #expect(try site.pass(0..<10).first?.problems == [])
        let record = try #require(try site.record(of: 9))
        #expect(record.paragraphs.contains(TemplateSite.signUpBlocks[1]))
    }
}
