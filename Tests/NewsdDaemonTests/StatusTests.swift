import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdState
import Testing

@Suite("Status report")
struct StatusReportTests {
    private let at = Date(timeIntervalSince1970: 1_795_429_888)  // 2026-11-23T10:31:28Z

    private func report(daemon: DirectoryLockHolder? = nil) -> StatusReport {
        let sources = [
            SourceConfiguration(id: "valley-post", feeds: ["https://v.example/rss"], file: "/v.yaml"),
            SourceConfiguration(id: "coastal-wire", feeds: ["https://c.example/atom"], file: "/c.yaml"),
            SourceConfiguration(id: "harbor-times", feeds: ["https://h.example/rss"], file: "/h.yaml"),
            SourceConfiguration(id: "archive", feeds: ["https://a.example/rss"], enabled: false, file: "/a.yaml"),
        ]
        let health = [
            SourceHealth(source: "valley-post", lastPoll: at, lastSuccess: at, lastError: "old trouble",
                         lastErrorAt: at.addingTimeInterval(-86400), consecutiveFailures: 0, itemsTotal: 1234,
                         nextPoll: at.addingTimeInterval(900)),
            SourceHealth(source: "coastal-wire", lastPoll: at, lastSuccess: nil,
                         lastError: "feed https://c.example/atom: HTTP 503", lastErrorAt: at, consecutiveFailures: 3, itemsTotal: 7, nextPoll: at.addingTimeInterval(60)),
        ]
        let feeds = [
            FeedState(source: "coastal-wire", url: "https://c.example/atom", nextAttemptAt: at.addingTimeInterval(60),
                      consecutiveFailures: 3, lastError: "HTTP 503", lastErrorAt: at),
            FeedState(source: "valley-post", url: "https://v.example/rss", lastSuccessAt: at),
        ]
        return StatusReport(daemon: daemon, spoolDirectory: "/spool", stateDirectory: "/state", backlog: 12,
                            sources: sources, health: health, feedStates: feeds,
                            itemsToday: ["valley-post": 40, "coastal-wire": 2])
    }

    @Test("failing sources come first, then ok, never polled and disabled, each group by id")
    func failingFirst() {
        let rows = report().text.split(separator: "\n").map(String.init).filter {
            ["valley-post", "coastal-wire", "harbor-times", "archive"].contains($0.split(separator: " ").first ?? "")
        }
        #expect(rows.map { String($0.split(separator: " ")[0]) }
                    == ["coastal-wire", "valley-post", "harbor-times", "archive"])
        #expect(rows[0].contains("FAILING (3 in a row)"))
        #expect(rows[3].contains("disabled"))
    }

    @Test("columns line up: every row's cells start where the header's do")
    func alignedColumns() throws {
        let lines = report().text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("SOURCE") })
        let nextPoll = try #require(header.range(of: "NEXT POLL")).lowerBound.utf16Offset(in: header)
        let row = try #require(lines.first { $0.hasPrefix("valley-post") })
        #expect(row.dropFirst(nextPoll).hasPrefix("2026-11-23T10:46:28Z"))
        let itemsEnd = try #require(header.range(of: "ITEMS")).upperBound.utf16Offset(in: header)
        #expect(row.prefix(itemsEnd).hasSuffix(" 1234"))
    }

    @Test("the header names the daemon's pid, the backlog, the counts and the items spooled today")
    func header() {
        let text = report(daemon: DirectoryLockHolder(pid: 4321)).text
        #expect(text.hasPrefix("daemon   running (pid 4321)\n"))
        #expect(text.contains("spool    /spool: 12 record(s) waiting in new/"))
        #expect(text.contains("sources  4 configured: 1 FAILING, 1 ok, 1 not polled yet, 1 disabled; "
            + "42 item(s) taken in today (UTC)"))
        #expect(report().text.hasPrefix("daemon   not running\n"))
    }

    @Test("a failing source is followed by its last error and its failing feeds; healthy feeds add no lines")
    func failingDetails() throws {
        let lines = report().text.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("coastal-wire") })
        try #require(lines.count > index + 2)
        #expect(lines[index + 1] == "    last error: feed https://c.example/atom: HTTP 503")
        #expect(lines[index + 2].hasPrefix("    feed https://c.example/atom: FAILING (3 in a row)"))
        #expect(!lines.contains { $0.contains("old trouble") || $0.contains("feed https://v.example/rss") })
    }

    @Test("today starts at midnight UTC")
    func todayStart() {
        #expect(StatusReport.todayStart(now: at) == Date(timeIntervalSince1970: 1_795_392_000))
    }
}

@Suite("newsd status while the daemon runs")
struct StatusCommandTests {
    @Test("status reads the state a running daemon holds locked, and names the daemon's pid",
          .enabled(if: newsdBinary != nil, "the newsd executable is not built beside the tests"))
    func statusWhileRunning() throws {
        let binary = try #require(newsdBinary)
        let scratch = try ScratchDirectory()
        let notify = try NotifySocket(directory: scratch.path)
        let server = try ObservedDemoServer()
        try writeConfiguration(in: scratch, server: server, sources: ["harbor-times": "/harbor-times/feed.xml"])
        try "id: quiet\nfeeds: [\(server.url("/quiet/feed.xml"))]\nenabled: false\n"
            .write(toFile: scratch.file("sources.d/quiet.yaml"), atomically: true, encoding: .utf8)

        let daemon = try Daemon(
            configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
            logger: Logger(label: "newsd", factory: { _ in SwiftLogNoOpLogHandler() }),
            notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": notify.path])
        )
        let returned = start(daemon)
        defer {
            daemon.requestStop()
            _ = returned.wait(timeout: .now() + 30)
        }
        // The first pass has been recorded once the daemon reports records written.
        _ = notify.receive(until: "READY=1")
        _ = notify.receive(until: { $0.hasPrefix("STATUS=") && $0.contains("records") && !$0.contains(" 0 records") })

        let (status, text) = try run(binary.path, ["status", "--config", scratch.file("newsd.yaml")])
        #expect(status == 0, "\(text)")
        #expect(text.hasPrefix("daemon   running (pid \(getpid()))"), "\(text)")
        let row = text.split(separator: "\n").first { $0.hasPrefix("harbor-times ") }
        #expect(row?.contains(" ok ") == true, "\(text)")
        #expect(text.contains("1 ok, 0 not polled yet, 1 disabled"), "\(text)")
    }

    @Test("without a daemon, status says none is running",
          .enabled(if: newsdBinary != nil, "the newsd executable is not built beside the tests"))
    func statusWithoutDaemon() throws {
        let binary = try #require(newsdBinary)
        let scratch = try ScratchDirectory()
        try writeConfiguration(in: scratch, server: try ObservedDemoServer(), sources: [:])
        _ = try StateStore(directory: scratch.file("state"))

        let (status, text) = try run(binary.path, ["status", "--config", scratch.file("newsd.yaml")])
        #expect(status == 0, "\(text)")
        #expect(text.hasPrefix("daemon   not running\n"), "\(text)")
    }
}
