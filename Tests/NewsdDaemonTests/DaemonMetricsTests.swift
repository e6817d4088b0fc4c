import Foundation
import NewsdConfig
import NewsdDaemon
import NewsdTestSupport
import Testing

/// The series of a scrape: `name{labels}` (as written) → value.
private func series(_ exposition: String) -> [String: Double] {
    var values: [String: Double] = [:]
    for line in exposition.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
            continue
        }
        values[String(line[..<space])] = value
    }
    return values
}

/// The demo corpus over HTTP plus one source whose feed is missing, polled once by a daemon exposing metrics on
/// 127.0.0.1:0 and in a textfile.
@Suite("Daemon metrics")
struct DaemonMetricsTests {
    let server: LoopbackHTTPServer
    let scratch: ScratchDirectory
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        server = try LoopbackHTTPServer.serving(directory: DemoManifest.demoDirectory.path)
        scratch = try ScratchDirectory()
        try """
            spool: spool
            state: state
            concurrency: 2
            fetch:
              host_delay: 0s
            metrics:
              listen: 127.0.0.1:0
              textfile: newsd.prom
              textfile_interval: 1h
            """.write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        let sources = scratch.file("sources.d")
        try FileManager.default.createDirectory(atPath: sources, withIntermediateDirectories: true)
        let feeds = [
            "harbor-times": "/harbor-times/feed.xml", "valley-post": "/valley-post/feed.xml",
            "coastal-wire": "/coastal-wire/atom.xml", "missing": "/missing/feed.xml",
        ]
        for (id, path) in feeds {
            try "id: \(id)\nfeeds: [\(server.url(path))]\nallow_private_networks: true\n"
                .write(toFile: sources + "/\(id).yaml", atomically: true, encoding: .utf8)
        }
    }

    private func daemon() throws -> Daemon {
        let configuration = try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml"))
        let now = now
        return try Daemon(configuration: configuration, logger: RecordedLogs().makeLogger(label: "newsd"),
                          clock: { now })
    }

    /// What the directory server answered each request with: status and body size.
    private func served() -> [(status: Int, bytes: Int)] {
        server.requests.map { request in
            let path = DemoManifest.demoDirectory.path + request.pathWithoutQuery
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
                return (404, 0)
            }
            return (200, size)
        }
    }

    private func scrape(_ daemon: Daemon) throws -> [String: Double] {
        let port = try #require(daemon.metricsAddress?.port)
        let exchange = try RawHTTPExchange.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", toPort: port)
        #expect(exchange.status == 200)
        return series(exchange.body)
    }

    @Test("fetch counts and bytes match what the server served")
    func fetchesMatchServer() throws {
        let daemon = try daemon()
        _ = daemon.runOnce()
        let metrics = try scrape(daemon)
        let served = served()
        let ok = served.filter { $0.status == 200 }
        #expect(metrics[#"newsd_fetches_total{outcome="ok",status="200"}"#] == Double(ok.count))
        #expect(metrics[#"newsd_fetches_total{outcome="http_error",status="404"}"#]
                    == Double(served.count - ok.count))
        let total = metrics.filter { $0.key.hasPrefix("newsd_fetches_total{") }.values.reduce(0, +)
        #expect(total == Double(served.count))
        #expect(metrics["newsd_fetch_body_bytes_total"] == Double(ok.map(\.bytes).reduce(0, +)))
    }

    @Test("story, spool and extraction counts match the spool; per-source health matches the pass")
    func storiesAndSourcesMatchSpool() throws {
        let daemon = try daemon()
        _ = daemon.runOnce()
        let metrics = try scrape(daemon)
        let records = try spooledRecords(in: scratch.file("spool"))
        let stories = Set(records.map(\.record.storyID)).count
        #expect(metrics["newsd_spool_records_written_total"] == Double(records.count))
        #expect(metrics["newsd_spool_backlog_records"] == Double(records.count))
        #expect(metrics["newsd_stories_created_total"] == Double(stories))
        #expect(metrics["newsd_story_copies_joined_total"] == Double(records.count - stories))
        #expect(metrics[#"newsd_extractions_total{outcome="article"}"#] == Double(records.count))
        #expect((metrics["newsd_related_links_total"] ?? 0) >= 1, "the demo's shared quote links two stories")
        #expect(metrics["newsd_sources_configured"] == 4)
        for id in ["harbor-times", "valley-post", "coastal-wire"] {
            #expect(metrics[#"newsd_source_last_success_timestamp_seconds{source="\#(id)"}"#]
                        == now.timeIntervalSince1970)
            #expect(metrics[#"newsd_source_consecutive_failures{source="\#(id)"}"#] == 0)
        }
        #expect(metrics[#"newsd_source_last_success_timestamp_seconds{source="missing"}"#] == nil)
        #expect(metrics[#"newsd_source_consecutive_failures{source="missing"}"#] == 1)
        #expect(metrics["newsd_passes_running"] == 0)
    }

    @Test("after a restart, per-source health starts from the state database")
    func healthSurvivesRestart() throws {
        _ = try daemon().runOnce()
        let metrics = try scrape(try daemon())
        #expect(metrics[#"newsd_source_consecutive_failures{source="missing"}"#] == 1)
        #expect(metrics[#"newsd_source_last_success_timestamp_seconds{source="valley-post"}"#]
                    == now.timeIntervalSince1970)
        #expect(metrics[#"newsd_fetches_total{outcome="ok",status="200"}"#] == nil, "counters restart at zero")
    }

    @Test("the textfile holds the same exposition as the listener after the pass")
    func textfileMatchesScrape() throws {
        let daemon = try daemon()
        _ = daemon.runOnce()
        let scraped = try scrape(daemon)
        let file = try String(contentsOfFile: scratch.file("newsd.prom"), encoding: .utf8)
        #expect(series(file) == scraped)
    }

    @Test("a reload drops the series of removed sources")
    func removedSourcesDisappear() throws {
        let daemon = try daemon()
        _ = daemon.runOnce()
        var reloaded = daemon.configuration
        reloaded.sources.removeAll { $0.id == "missing" }
        try daemon.apply(configuration: reloaded)
        let metrics = try scrape(daemon)
        #expect(!metrics.keys.contains { $0.contains(#"source="missing""#) })
        #expect(metrics[#"newsd_source_consecutive_failures{source="valley-post"}"#] == 0)
        #expect(metrics["newsd_sources_configured"] == 3)
    }

    @Test("a listen port in use is a start-up error naming the address")
    func portInUse() throws {
        let first = try daemon()
        let port = try #require(first.metricsAddress?.port)
        var configuration = try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml"))
        configuration.metrics.listen?.port = port
        configuration.stateDirectory = scratch.file("state2")
        configuration.spoolDirectory = scratch.file("spool2")
        #expect {
            _ = try Daemon(configuration: configuration, logger: RecordedLogs().makeLogger(label: "newsd"))
        } throws: { error in
            "\(error)".contains("cannot serve metrics on 127.0.0.1:\(port)")
        }
    }
}

@Suite("Daemon metrics while running")
struct DaemonRunMetricsTests {
    @Test("while a pass waits for a page, a scrape shows the running pass and transfer; stop ends the listener")
    func queueDepthsDuringPass() throws {
        let scratch = try ScratchDirectory()
        let pageRequested = DispatchSemaphore(value: 0)
        let releasePage = DispatchSemaphore(value: 0)
        let feed = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title><link>http://127.0.0.1/</link>
            <item><title>Slow page</title><link>/slow/page.html</link><guid>slow-1</guid></item>
            </channel></rss>
            """
        let server = try LoopbackHTTPServer { request in
            switch request.pathWithoutQuery {
            case "/slow/feed.xml":
                return HTTPTestResponse(headers: ["Content-Type": "application/rss+xml"], text: feed)
            case "/slow/page.html":
                pageRequested.signal()
                releasePage.wait()
                return HTTPTestResponse(headers: ["Content-Type": "text/html"],
                                        text: "<html><body><article><p>Too late for the scrape.</p></article></body></html>")
            default:
                return .notFound
            }
        }
        defer { server.stop() }
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: spool\nstate: state\nfetch:\n  host_delay: 0s\nmetrics:\n  listen: 127.0.0.1:0\n"
            .write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        try "id: slow\nfeeds: [\(server.url("/slow/feed.xml"))]\nallow_private_networks: true\n"
            .write(toFile: scratch.file("sources.d/slow.yaml"), atomically: true, encoding: .utf8)
        let daemon = try Daemon(configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
                                logger: RecordedLogs().makeLogger(label: "newsd"))
        let port = try #require(daemon.metricsAddress?.port)
        let returned = start(daemon)

        #expect(pageRequested.wait(timeout: .now() + 30) == .success)
        let during = try RawHTTPExchange.send("GET /metrics HTTP/1.1\r\n\r\n", toPort: port).body
        releasePage.signal()
        #expect(during.contains("\nnewsd_passes_running 1\n"))
        #expect(during.contains("\nnewsd_passes_waiting 0\n"))
        #expect(during.contains("\nnewsd_fetch_transfers_running 1\n"))

        daemon.requestStop()
        #expect(returned.wait(timeout: .now() + 30) == .success)
        #expect(throws: LoopbackServerError.self) {
            try RawHTTPExchange.send("GET /metrics HTTP/1.1\r\n\r\n", toPort: port)
        }
    }
}
