import NewsdMetrics
import Testing

@Suite("Exposition format 0.0.4")
struct ExpositionTests {
    @Test("each family is a HELP line, a TYPE line and its series")
    func helpTypeAndSeries() {
        let registry = MetricsRegistry()
        registry.counter("jobs_total", help: "Jobs done.").increment(by: 3)
        registry.gauge("queue_depth", help: "Jobs waiting.").set(to: 2.5)
        #expect(registry.exposition() == """
            # HELP jobs_total Jobs done.
            # TYPE jobs_total counter
            jobs_total 3
            # HELP queue_depth Jobs waiting.
            # TYPE queue_depth gauge
            queue_depth 2.5

            """)
    }

    @Test("label values escape backslash, double quote and line feed; help text escapes backslash and line feed")
    func escaping() {
        let registry = MetricsRegistry()
        let family = registry.counter("odd_total", help: "A \\ help\nover two lines.", labels: ["path"])
        family.increment(["C:\\dir \"quoted\"\nnext"])
        #expect(registry.exposition() == """
            # HELP odd_total A \\\\ help\\nover two lines.
            # TYPE odd_total counter
            odd_total{path="C:\\\\dir \\"quoted\\"\\nnext"} 1

            """)
    }

    @Test("families keep registration order and series are sorted by label values")
    func stableOrder() {
        let registry = MetricsRegistry()
        let later = registry.counter("zz_total", help: "Registered first.", labels: ["a", "b"])
        registry.gauge("aa", help: "Registered second.")
        later.increment(["y", "2"])
        later.increment(["x", "9"])
        later.increment(["y", "1"])
        let lines = registry.exposition().split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines == [#"zz_total{a="x",b="9"} 1"#, #"zz_total{a="y",b="1"} 1"#, #"zz_total{a="y",b="2"} 1"#,
                          "aa 0"])
    }

    @Test("a family without labels shows 0 before its first update; a labelled one shows no series")
    func unlabelledStartsAtZero() {
        let registry = MetricsRegistry()
        registry.counter("events_total", help: "Events.")
        registry.counter("by_kind_total", help: "Events by kind.", labels: ["kind"])
        #expect(registry.exposition() == """
            # HELP events_total Events.
            # TYPE events_total counter
            events_total 0
            # HELP by_kind_total Events by kind.
            # TYPE by_kind_total counter

            """)
    }

    @Test("a family read at scrape time shows the reader's current value")
    func readAtScrapeTime() {
        let registry = MetricsRegistry()
        let depth = Box()
        registry.family("depth", help: "Read by closure.", kind: .gauge) { depth.value }
        depth.value = 7
        #expect(registry.exposition().hasSuffix("depth 7\n"))
        depth.value = 4
        #expect(registry.exposition().hasSuffix("depth 4\n"))
    }

    @Test("dropping a label value removes its series from every family labelled with it")
    func retainSeries() {
        let registry = MetricsRegistry()
        let failures = registry.gauge("failures", help: "Per source.", labels: ["source"])
        let fetches = registry.counter("fetches_total", help: "Per source and status.", labels: ["status", "source"])
        failures.set(["kept"], to: 1)
        failures.set(["removed"], to: 2)
        fetches.increment(["200", "removed"])
        fetches.increment(["200", "kept"])
        registry.retainSeries(label: "source", keeping: ["kept"])
        #expect(failures.value(["removed"]) == nil)
        #expect(fetches.value(["200", "removed"]) == nil)
        #expect(failures.value(["kept"]) == 1)
        #expect(fetches.value(["200", "kept"]) == 1)
    }

    @Test("whole values print without a fraction; infinities and NaN use the format's spellings")
    func numbers() {
        let registry = MetricsRegistry()
        let gauge = registry.gauge("value", help: "Numbers.", labels: ["case"])
        gauge.set(["big"], to: 1_700_000_000)
        gauge.set(["inf"], to: .infinity)
        gauge.set(["nan"], to: .nan)
        gauge.set(["negative"], to: -0.25)
        let text = registry.exposition()
        #expect(text.contains(#"value{case="big"} 1700000000"#))
        #expect(text.contains(#"value{case="inf"} +Inf"#))
        #expect(text.contains(#"value{case="nan"} NaN"#))
        #expect(text.contains(#"value{case="negative"} -0.25"#))
    }

    @Test("increments from many threads are all counted")
    func concurrentIncrements() async {
        let registry = MetricsRegistry()
        let counter = registry.counter("hits_total", help: "Hits.", labels: ["worker"])
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for _ in 0..<1_000 { counter.increment(["w\(worker % 2)"]) }
                }
            }
        }
        #expect(counter.value(["w0"]) == 4_000)
        #expect(counter.value(["w1"]) == 4_000)
    }
}

/// A value a test changes between scrapes.
final class Box: @unchecked Sendable {
    var value: Double = 0
}
