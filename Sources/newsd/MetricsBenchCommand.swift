import ArgumentParser
import Dispatch
import Foundation
import NewsdMetrics

/// `newsd metrics-bench`: times newsd's metrics registry the way the daemon uses it, for `scripts/bench-metrics`.
/// Hidden: a diagnostic, not part of running newsd.
struct MetricsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics-bench",
        abstract: "Time labelled counter increments from several threads, and scrapes of a daemon-sized registry.",
        discussion: """
            Prints `increments=… threads=… increment_ns=…` and `series=… scrapes=… scrape_us=… bytes=…`. The \
            registry has two per-source gauges for each of --sources sources and a fetch counter with 12 \
            outcome/status series, like a daemon polling that many sources.
            """,
        shouldDisplay: false
    )

    @Option(help: "Per-source series to render (two gauges each).")
    var sources = 1_000

    @Option(help: "Counter increments per thread.")
    var increments = 1_000_000

    @Option(help: "Threads incrementing at once.")
    var threads = 4

    @Option(help: "Scrapes to render.")
    var scrapes = 200

    func validate() throws {
        guard sources >= 0, increments > 0, (1...64).contains(threads), scrapes > 0 else {
            throw ValidationError("--sources ≥ 0, --increments > 0, --threads 1…64, --scrapes > 0")
        }
    }

    static let fetchLabels = [
        ["ok", "200"], ["not_modified", "304"], ["http_error", "404"], ["http_error", "500"], ["http_error", "503"],
        ["http_error", "429"], ["http_error", "410"], ["timeout", "none"], ["dns_error", "none"],
        ["connect_error", "none"], ["too_large", "none"], ["transport_error", "none"],
    ]

    func run() throws {
        let registry = MetricsRegistry()
        let fetches = registry.counter("newsd_fetches_total", help: "Transfers.", labels: ["outcome", "status"])
        let lastSuccess = registry.gauge("newsd_source_last_success_timestamp_seconds", help: "Last success.",
                                         labels: ["source"])
        let failures = registry.gauge("newsd_source_consecutive_failures", help: "Failures.", labels: ["source"])
        for index in 0..<sources {
            lastSuccess.set(["source-\(index)"], to: 1_795_000_000 + Double(index))
            failures.set(["source-\(index)"], to: Double(index % 3))
        }

        let perThread = increments
        let labels = Self.fetchLabels
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                fetches.increment(labels[(index &+ thread) % labels.count])
            }
        }
        let incrementSeconds = (ContinuousClock.now - start) / .seconds(1)
        let total = perThread * threads
        print("increments=\(total) threads=\(threads) "
            + "increment_ns=\(String(format: "%.1f", incrementSeconds * 1e9 / Double(total)))")

        var bytes = 0
        let scrapeStart = ContinuousClock.now
        for _ in 0..<scrapes {
            bytes = registry.exposition().utf8.count
        }
        let scrapeSeconds = (ContinuousClock.now - scrapeStart) / .seconds(1)
        print("series=\(sources * 2 + labels.count) scrapes=\(scrapes) "
            + "scrape_us=\(String(format: "%.1f", scrapeSeconds * 1e6 / Double(scrapes))) bytes=\(bytes)")
    }
}
