import NewsdConfig
import NewsdMetrics
import Testing

/// A config tree whose `newsd.yaml` has `metricsLines` (already indented) under `metrics:` from line 4 on.
private func tree(metrics metricsLines: String) throws -> TemporaryConfiguration {
    try TemporaryConfiguration(["newsd.yaml": minimalGlobalFile + "metrics:\n" + metricsLines, "sources.d/.keep": ""])
}

@Suite("Metrics settings in newsd.yaml")
struct MetricsConfigurationTests {
    @Test("without metrics: nothing is exposed")
    func offByDefault() throws {
        let tree = try TemporaryConfiguration(["newsd.yaml": minimalGlobalFile, "sources.d/.keep": ""])
        let configuration = try ConfigurationLoader.load(configFile: tree.configFile)
        #expect(configuration.metrics == MetricsSettings())
        #expect(!configuration.metrics.isEnabled)
    }

    @Test("listen, textfile and textfile_interval are read; a relative textfile resolves against newsd.yaml's directory")
    func everyKeyIsRead() throws {
        let tree = try tree(metrics: "  listen: 127.0.0.1:9464\n  textfile: metrics/newsd.prom\n  textfile_interval: 1m\n")
        let metrics = try ConfigurationLoader.load(configFile: tree.configFile).metrics
        #expect(metrics.listen == (try ListenAddress(parsing: "127.0.0.1:9464")))
        #expect(metrics.textfile == tree.path("metrics/newsd.prom"))
        #expect(metrics.textfileInterval == .seconds(60))
    }

    @Test("a listen address other machines can reach is refused with file, line, column and key")
    func nonLoopbackRefused() throws {
        let tree = try tree(metrics: "  listen: 0.0.0.0:9464\n")
        let problems = tree.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("\(tree.configFile):4:11: key 'metrics.listen': 0.0.0.0 is not a "
            + "loopback address; metrics are served on loopback only") == true)
    }

    @Test("a textfile not ending in .prom is refused: node_exporter would never read it")
    func textfileNeedsProm() throws {
        let tree = try tree(metrics: "  textfile: /var/lib/node_exporter/newsd.txt\n")
        #expect(tree.problems().first?.hasPrefix("\(tree.configFile):4:13: key 'metrics.textfile': node_exporter's "
            + "textfile collector reads only files ending in .prom") == true)
    }

    @Test("textfile_interval without textfile, an empty metrics mapping and unknown keys are reported")
    func misuseReported() throws {
        let interval = try tree(metrics: "  textfile_interval: 30s\n")
        #expect(interval.problems() == [
            "\(interval.configFile):4:22: key 'metrics.textfile_interval': only applies to a metrics textfile; "
                + "set `textfile` too, or remove this key",
        ])
        let empty = try tree(metrics: "")
        #expect(empty.problems().count == 1)
        #expect(empty.problems().first?.contains("key 'metrics': set `listen`") == true)
        let unknown = try tree(metrics: "  listen: 127.0.0.1:9464\n  port: 9464\n")
        #expect(unknown.problems().first?.contains("key 'metrics.port': unknown key") == true)
    }

    @Test("the check-config summary names where metrics go")
    func summary() throws {
        let tree = try tree(metrics: "  listen: \"[::1]:9464\"\n  textfile: /tmp/newsd.prom\n")
        let summary = try ConfigurationLoader.load(configFile: tree.configFile).summary()
        #expect(summary.contains("metrics:      http://[::1]:9464/metrics; textfile /tmp/newsd.prom every 15s"))
    }
}
