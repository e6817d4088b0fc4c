import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdSpool
import NewsdTestSupport
import Testing

/// A scratch directory removed when the test ends.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("newsd-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The records a spool's `new/` holds, with their file names.
func spooledRecords(in spool: String) throws -> [(name: String, record: StoryRecord)] {
    let directory = (spool as NSString).appendingPathComponent("new")
    return try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { name in
        let path = (directory as NSString).appendingPathComponent(name)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return (name, try StoryRecord.decode(from: bytes))
    }
}

/// The latest revision of every story in a spool.
func latestRevisions(_ records: [(name: String, record: StoryRecord)]) -> [String: StoryRecord] {
    var latest: [String: StoryRecord] = [:]
    for (_, record) in records where (latest[record.storyID]?.revision ?? 0) < record.revision {
        latest[record.storyID] = record
    }
    return latest
}

/// The demo corpus served over HTTP from 127.0.0.1, plus one broken feed and one feed whose page is missing.
@Suite("End to end over HTTP")
struct EndToEndTests {
    static let brokenFeed = "/broken/feed.xml"
    static let missingPageFeed = "/gone/feed.xml"

    let manifest: DemoManifest
    let server: LoopbackHTTPServer
    let scratch: ScratchDirectory
    let logs = RecordedLogs()

    init() throws {
        manifest = try DemoManifest.load()
        let goneFeed = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Gone</title><link>http://127.0.0.1/</link>
            <item><title>Missing page</title><link>/gone/missing.html</link><guid>gone-1</guid></item>
            </channel></rss>
            """
        server = try LoopbackHTTPServer.serving(directory: DemoManifest.demoDirectory.path, routes: [
            Self.brokenFeed: HTTPTestResponse(headers: ["Content-Type": "application/rss+xml"],
                                              text: "this is not a feed, just a server error page"),
            Self.missingPageFeed: HTTPTestResponse(headers: ["Content-Type": "application/rss+xml"], text: goneFeed),
        ])
        scratch = try ScratchDirectory()
        try writeConfiguration()
    }

    private func writeConfiguration() throws {
        let sources = scratch.file("sources.d")
        try FileManager.default.createDirectory(atPath: sources, withIntermediateDirectories: true)
        try """
            spool: spool
            state: state
            sources: sources.d
            concurrency: 3
            fetch:
              host_delay: 0s
            """.write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        let feeds = [
            "harbor-times": "/harbor-times/feed.xml", "valley-post": "/valley-post/feed.xml",
            "coastal-wire": "/coastal-wire/atom.xml", "broken": Self.brokenFeed, "gone": Self.missingPageFeed,
        ]
        for (id, path) in feeds {
            try """
                id: \(id)
                feeds: [\(server.url(path))]
                interval: 15m
                allow_private_networks: true
                """.write(toFile: (sources as NSString).appendingPathComponent("\(id).yaml"), atomically: true,
                          encoding: .utf8)
        }
    }

    private func runOnce() throws -> [SourcePassReport] {
        let configuration = try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml"))
        let daemon = try Daemon(configuration: configuration, logger: logs.makeLogger(label: "newsd"))
        return daemon.runOnce()
    }

    private var spool: String { scratch.file("spool") }

    @Test("one pass spools every demo story and leaves nothing in tmp/")
    func spoolsDemoStories() throws {
        _ = try runOnce()
        let latest = latestRevisions(try spooledRecords(in: spool))
        #expect(latest.count == manifest.stories.count)
        let staged = try FileManager.default.contentsOfDirectory(atPath: (spool as NSString)
            .appendingPathComponent("tmp"))
        #expect(staged.isEmpty)
    }

    @Test("no boilerplate string of any demo page reaches a record's body")
    func bodiesCarryNoBoilerplate() throws {
        _ = try runOnce()
        let boilerplate = manifest.allBoilerplate
        for (name, record) in try spooledRecords(in: spool) {
            for paragraph in record.paragraphs.map(collapseWhitespace) {
                // A one- or two-word label ("Transport", "Share") may stand inside real prose; longer boilerplate
                // must not appear anywhere in a paragraph, and no paragraph may be a boilerplate block.
                let leaked = boilerplate.filter {
                    $0 == paragraph || ($0.split(separator: " ").count >= 3 && paragraph.contains($0))
                }
                #expect(leaked.isEmpty, "\(name) carries boilerplate \(leaked) in: \(paragraph)")
            }
        }
    }

    @Test("every demo body paragraph reaches its story's record")
    func bodiesAreComplete() throws {
        _ = try runOnce()
        let latest = latestRevisions(try spooledRecords(in: spool))
        let text = Set(latest.values.flatMap(\.paragraphs).map(collapseWhitespace))
        let expected = manifest.stories.values.compactMap(\.first).flatMap { manifest.pages[$0]?.body ?? [] }
        let missing = expected.map(collapseWhitespace).filter { !text.contains($0) }
        #expect(Double(missing.count) <= Double(expected.count) * 0.05, "missing body paragraphs: \(missing)")
    }

    @Test("the syndicated pair is one story with two copies")
    func syndicatedPairMerges() throws {
        _ = try runOnce()
        let latest = latestRevisions(try spooledRecords(in: spool))
        for label in manifest.syndicatedStories {
            let sources = Set(manifest.stories[label]!.compactMap { manifest.pages[$0]?.source })
            let carrying = latest.values.filter { record in
                !sources.isDisjoint(with: record.copies.map(\.source))
                    && record.copies.contains { $0.title == manifest.pages[manifest.stories[label]!.first!]!.title }
            }
            #expect(carrying.count == 1, "story \(label) is spread over \(carrying.count) records")
            #expect(Set(carrying.first?.copies.map(\.source) ?? []) == sources)
            #expect(carrying.first?.revision == 2)
        }
    }

    @Test("two write-ups sharing a quoted paragraph stay two stories, related to each other")
    func sharedQuoteStaysApart() throws {
        _ = try runOnce()
        let quote = collapseWhitespace(manifest.sharedQuote)
        let quoting = latestRevisions(try spooledRecords(in: spool)).values
            .filter { $0.paragraphs.map(collapseWhitespace).contains(quote) }
        #expect(quoting.count == 2)
        #expect(Set(quoting.map(\.storyID)).count == 2)
        let ids = Set(quoting.map(\.storyID))
        for record in quoting {
            #expect(record.related.contains { ids.contains($0) && $0 != record.storyID }
                        || quoting.contains { $0.related.contains(record.storyID) })
        }
    }

    @Test("a second pass over unchanged sources writes nothing")
    func secondPassWritesNothing() throws {
        _ = try runOnce()
        let first = try spooledRecords(in: spool).map(\.name)
        let reports = try runOnce()
        #expect(try spooledRecords(in: spool).map(\.name) == first)
        #expect(reports.allSatisfy { $0.recordsWritten == 0 })
    }

    @Test("a broken feed and a missing page are logged with their URLs while the other sources spool")
    func failuresAreIsolated() throws {
        let reports = try runOnce()
        let byID = Dictionary(uniqueKeysWithValues: reports.map { ($0.sourceID, $0) })
        #expect(byID["broken"]?.succeeded == false)
        #expect(byID["gone"]?.succeeded == false)
        for id in ["harbor-times", "valley-post", "coastal-wire"] {
            #expect(byID[id]?.succeeded == true, "\(id): \(byID[id]?.problems ?? [])")
            #expect((byID[id]?.recordsWritten ?? 0) > 0)
        }
        let failures = logs.entries.filter { "\($0.metadata["outcome"] ?? "")" == "failed" }
        #expect(failures.contains { "\($0.metadata["url"] ?? "")" == server.url(Self.brokenFeed) })
        #expect(failures.contains { "\($0.metadata["url"] ?? "")" == server.url("/gone/missing.html") })
    }

    @Test("every event of a pass is one line naming its source, URL and outcome; failures that retry are warnings")
    func eventLinesNameSourceURLAndOutcome() throws {
        _ = try runOnce()
        let events = logs.entries.filter { $0.level >= .info && $0.file.hasSuffix("SourcePass.swift") }
        #expect(!events.isEmpty)
        for event in events {
            #expect(event.metadata["source"] != nil, "\(event.message)")
            #expect(event.metadata["url"] != nil, "\(event.message)")
            #expect(event.metadata["outcome"] != nil, "\(event.message)")
        }
        let outcomes = Set(events.compactMap { $0.metadata["outcome"].map { "\($0)" } })
        #expect(outcomes.isSuperset(of: ["new_story", "failed"]))
        #expect(logs.entries(at: .error).isEmpty, "\(logs.entries(at: .error).map(\.message))")
    }
}

extension EndToEndTests {
    @Test("an item whose page keeps failing is given up after a few attempts, then no longer fetched")
    func brokenItemGivenUp() throws {
        let missing = "/gone/missing.html"
        for _ in 0..<SourcePass.maximumItemAttempts {
            _ = try runOnce()
        }
        let reports = try runOnce()
        #expect(server.requests.filter { $0.path == missing }.count == SourcePass.maximumItemAttempts)
        #expect(reports.first { $0.sourceID == "gone" }?.succeeded == true)
        #expect(logs.entries(at: .warning).contains {
            $0.message.description.hasPrefix("giving up on item after") && "\($0.metadata["outcome"] ?? "")" == "gave_up"
        })
    }
}

/// The bundled configuration, as the README's set-up command runs it: file:// sources, no network.
@Suite("Bundled demo configuration")
struct BundledDemoTests {
    @Test("config/newsd.yaml spools the demo through file:// URLs")
    func bundledConfigurationRuns() throws {
        let scratch = try ScratchDirectory()
        var configuration = try ConfigurationLoader.load(
            configFile: DemoManifest.repositoryRoot.appendingPathComponent("config/newsd.yaml").path)
        configuration.spoolDirectory = scratch.file("spool")
        configuration.stateDirectory = scratch.file("state")
        let daemon = try Daemon(configuration: configuration,
                                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let reports = daemon.runOnce()
        #expect(reports.allSatisfy { $0.succeeded }, "\(reports.flatMap(\.problems))")
        let manifest = try DemoManifest.load()
        #expect(latestRevisions(try spooledRecords(in: scratch.file("spool"))).count == manifest.stories.count)
    }
}
