import NewsdConfig
import NewsdDaemon
import NewsdFetch
import NewsdMetrics
import Testing

@Suite("Configuration change on reload")
struct ConfigurationChangeTests {
    private func source(_ id: String, interval: Duration = .seconds(900), enabled: Bool = true)
        -> SourceConfiguration
    {
        SourceConfiguration(id: id, feeds: ["https://\(id).example/feed"], interval: interval, enabled: enabled,
                            file: "/etc/newsd/sources.d/\(id).yaml")
    }

    private func configuration(_ sources: [SourceConfiguration], concurrency: Int = 8) -> NewsdConfiguration {
        NewsdConfiguration(configFile: "/etc/newsd/newsd.yaml", spoolDirectory: "/var/spool/newsd",
                           stateDirectory: "/var/lib/newsd", sourcesDirectory: "/etc/newsd/sources.d",
                           concurrency: concurrency, sources: sources)
    }

    @Test("sources added, removed and changed are told apart")
    func sourcesDiffed() {
        let old = configuration([source("a"), source("b"), source("c")])
        let new = configuration([source("a"), source("c", interval: .seconds(600)), source("d")])
        let change = ConfigurationChange(from: old, to: new)
        #expect(change.added == ["d"])
        #expect(change.removed == ["b"])
        #expect(change.changed == ["c"])
        #expect(change.summary == "added d; removed b; changed c")
    }

    @Test("switching a source off removes it, switching it on adds it")
    func enabledFlagCounts() {
        let change = ConfigurationChange(from: configuration([source("a"), source("b", enabled: false)]),
                                         to: configuration([source("a", enabled: false), source("b")]))
        #expect(change.added == ["b"] && change.removed == ["a"] && change.changed.isEmpty)
    }

    @Test("settings a running daemon cannot change are named as taking effect on restart")
    func restartOnlySettings() {
        var new = configuration([source("a")], concurrency: 4)
        new.spoolDirectory = "/srv/spool"
        new.fetchConcurrency = FetchConcurrency(maximumTransfers: 3, maximumPerHost: 1)
        let change = ConfigurationChange(from: configuration([source("a")]), to: new)
        #expect(change.needsRestart == ["spool", "concurrency", "fetch.max_transfers", "fetch.max_transfers_per_host"])
        #expect(change.added.isEmpty && change.removed.isEmpty && change.changed.isEmpty)
    }

    @Test("a changed metrics: mapping takes effect on restart: the listener and textfile are set up at start")
    func metricsNeedRestart() throws {
        var new = configuration([source("a")])
        new.metrics.listen = try ListenAddress(parsing: "127.0.0.1:9464")
        #expect(ConfigurationChange(from: configuration([source("a")]), to: new).needsRestart == ["metrics"])
    }

    @Test("the same configuration changes nothing")
    func identicalIsEmpty() {
        let same = configuration([source("a")])
        #expect(ConfigurationChange(from: same, to: same).isEmpty)
        #expect(ConfigurationChange(from: same, to: same).summary == "no source changes")
    }
}
