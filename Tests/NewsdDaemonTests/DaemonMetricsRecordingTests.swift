import Foundation
@testable import NewsdDaemon
import NewsdConfig
import NewsdFetch
import Testing

@Suite("Daemon metrics from pass reports and fetch outcomes")
struct DaemonMetricsRecordingTests {
    private static func source(_ id: String) -> SourceConfiguration {
        SourceConfiguration(id: id, feeds: ["https://\(id).example/feed"], file: "/etc/newsd/sources.d/\(id).yaml")
    }

    private static func metrics() -> DaemonMetrics {
        DaemonMetrics(version: "test", startTime: Date(timeIntervalSince1970: 0), sources: [source("a")])
    }

    @Test("extraction outcomes and paywalls are counted by kind")
    func extractionOutcomes() {
        let metrics = Self.metrics()
        var report = SourcePassReport(sourceID: "a")
        report.articlesExtracted = 4
        report.paywallsFlagged = 1
        report.pagesWithoutArticle = 2
        report.consentWalls = 3
        report.extractionErrors = 1
        metrics.record(report, at: Date(timeIntervalSince1970: 100))
        let text = metrics.registry.exposition()
        #expect(text.contains(#"newsd_extractions_total{outcome="article"} 4"#))
        #expect(text.contains(#"newsd_extractions_total{outcome="no_article"} 2"#))
        #expect(text.contains(#"newsd_extractions_total{outcome="consent_wall"} 3"#))
        #expect(text.contains(#"newsd_extractions_total{outcome="error"} 1"#))
        #expect(text.contains("newsd_paywalls_flagged_total 1\n"))
    }

    @Test("failed passes count up per source; a success resets the count and sets the time")
    func sourceHealth() {
        let metrics = Self.metrics()
        var failed = SourcePassReport(sourceID: "a")
        failed.problems = ["feed https://a.example/feed: timed out"]
        metrics.record(failed, at: Date(timeIntervalSince1970: 100))
        metrics.record(failed, at: Date(timeIntervalSince1970: 200))
        #expect(metrics.registry.exposition().contains(#"newsd_source_consecutive_failures{source="a"} 2"#))
        metrics.record(SourcePassReport(sourceID: "a"), at: Date(timeIntervalSince1970: 300))
        let text = metrics.registry.exposition()
        #expect(text.contains(#"newsd_source_consecutive_failures{source="a"} 0"#))
        #expect(text.contains(#"newsd_source_last_success_timestamp_seconds{source="a"} 300"#))
    }

    @Test("a pass for a source no longer configured leaves no series behind")
    func unknownSourceIgnored() {
        let metrics = Self.metrics()
        metrics.record(SourcePassReport(sourceID: "removed"), at: Date(timeIntervalSince1970: 100))
        #expect(!metrics.registry.exposition().contains("removed"))
    }

    @Test("fetch failures are labelled by kind, with the HTTP status when there was one")
    func fetchLabels() {
        let request = FetchRequest(url: "https://a.example/feed")
        let metrics = Self.metrics()
        metrics.observe(request, .failure(FetchError(url: request.url, kind: .httpStatus(503, retryAfter: "60"),
                                                     detail: "")))
        metrics.observe(request, .failure(FetchError(url: request.url, kind: .timedOut, detail: "")))
        metrics.observe(request, .success(FetchResponse(requestedURL: request.url, effectiveURL: request.url,
                                                        status: 304, body: [])))
        let text = metrics.registry.exposition()
        #expect(text.contains(#"newsd_fetches_total{outcome="http_error",status="503"} 1"#))
        #expect(text.contains(#"newsd_fetches_total{outcome="timeout",status="none"} 1"#))
        #expect(text.contains(#"newsd_fetches_total{outcome="not_modified",status="304"} 1"#))
        #expect(text.contains("newsd_fetch_not_modified_total 1\n"))
    }
}
