import Dispatch
public import Foundation
public import NewsdConfig
import NewsdExtract
public import NewsdFetch
public import NewsdMetrics
import NewsdSpool
import NewsdState

/// newsd's Prometheus metrics: the families ops read (documented in `docs/operations.md`, "Metrics") and the
/// updates that feed them.
///
/// Fetches are counted by the fetcher's observer, once per transfer; extraction outcomes and per-source health when
/// a pass reports; story-desk counts, queue depths and the spool backlog are read at each scrape. Everything here is
/// safe from any thread.
public final class DaemonMetrics: Sendable {
    /// The registry the exporter renders.
    public let registry = MetricsRegistry()

    private let fetches: MetricFamily
    private let fetchedBytes: MetricFamily
    private let notModified: MetricFamily
    private let extractions: MetricFamily
    private let paywalls: MetricFamily
    private let sourcesConfigured: MetricFamily
    private let lastSuccess: MetricFamily
    private let consecutiveFailures: MetricFamily
    private let watched = WatchedParts()

    /// Registers every family. `startTime` is the process's start (`newsd_start_time_seconds`).
    public init(version: String, startTime: Date, sources: [SourceConfiguration]) {
        registry.family("newsd_build_info", help: "Always 1; the version label says which newsd is running.",
                        kind: .gauge, labels: ["version"]) { [MetricSample(labelValues: [version], value: 1)] }
        registry.family("newsd_start_time_seconds", help: "When the daemon started, in seconds since the Unix epoch.",
                        kind: .gauge) { startTime.timeIntervalSince1970 }
        sourcesConfigured = registry.gauge("newsd_sources_configured",
                                           help: "Sources the daemon polls (enabled sources in the configuration).")
        fetches = registry.counter(
            "newsd_fetches_total",
            help: "Transfers finished (feeds, article pages, robots.txt), by outcome and HTTP status "
                + "(status \"none\" when no HTTP answer came).",
            labels: ["outcome", "status"])
        fetchedBytes = registry.counter("newsd_fetch_body_bytes_total",
                                        help: "Bytes of response bodies received (after content decoding).")
        notModified = registry.counter("newsd_fetch_not_modified_total",
                                       help: "Transfers answered 304 Not Modified (a feed unchanged since last poll).")
        extractions = registry.counter(
            "newsd_extractions_total",
            help: "Pages (or feed-carried content) run through article extraction, by outcome: article, "
                + "no_article, consent_wall, error.",
            labels: ["outcome"])
        for outcome in ["article", "no_article", "consent_wall", "error"] {
            extractions.increment([outcome], by: 0)
        }
        paywalls = registry.counter("newsd_paywalls_flagged_total",
                                    help: "Articles extracted from a paywall stub (spooled with page.access paywalled).")
        lastSuccess = registry.gauge(
            "newsd_source_last_success_timestamp_seconds",
            help: "When a pass over the source last succeeded (every feed and item went through), in seconds since "
                + "the Unix epoch; absent until one has.",
            labels: ["source"])
        consecutiveFailures = registry.gauge("newsd_source_consecutive_failures",
                                             help: "Passes over the source with problems since its last success.",
                                             labels: ["source"])
        let watched = watched
        let deskCounters: [(name: String, help: String, count: @Sendable (DeskTally) -> Int)] = [
            ("newsd_spool_records_written_total",
             "Story records committed for delivery into the spool's new/ directory.", { $0.recordsWritten }),
            ("newsd_stories_created_total", "Story records that started a new story.", { $0.storiesCreated }),
            ("newsd_story_copies_joined_total",
             "Articles recognised as a copy of an existing story and joined to it.", { $0.copiesJoined }),
            ("newsd_stories_merged_total", "Stories folded into another because an article was a copy of both.",
             { $0.storiesMerged }),
            ("newsd_related_links_total",
             "Related-story links made: an article shared a passage with a story it is not a copy of.",
             { $0.relatedLinks }),
        ]
        for counter in deskCounters {
            let count = counter.count
            registry.family(counter.name, help: counter.help, kind: .counter) { Double(count(watched.tally)) }
        }
        registry.family("newsd_passes_running", help: "Source passes running now.",
                        kind: .gauge) { Double(watched.passes.running) }
        registry.family("newsd_passes_waiting", help: "Sources due and waiting for a free pass slot (concurrency).",
                        kind: .gauge) { Double(watched.passes.waiting) }
        registry.family("newsd_fetch_transfers_running",
                        help: "Transfers running now (absent when the fetch engine does not answer within 1s).",
                        kind: .gauge) { watched.fetches.map { [MetricSample(value: Double($0.running))] } ?? [] }
        registry.family("newsd_fetch_transfers_waiting",
                        help: "Fetches waiting for a transfer slot, a host delay or the same URL to finish.",
                        kind: .gauge) { watched.fetches.map { [MetricSample(value: Double($0.waiting))] } ?? [] }
        registry.family("newsd_spool_backlog_records",
                        help: "Story records in the spool's new/ directory, not yet taken by the consumer.",
                        kind: .gauge) { Double(watched.spoolBacklog) }
        configure(sources: sources)
    }

    /// Reads desk counts, fetch queue depths and the spool backlog from these parts at each scrape. They are held
    /// weakly: metrics never keep the daemon's parts alive.
    func watch(desk: StoryDesk, fetcher: Fetcher, spool: SpoolWriter) {
        watched.set(desk: desk, fetcher: fetcher, spool: spool)
    }

    /// Reads pass queue depths from `runner` at each scrape (while `newsd run` runs).
    func watch(runner: PassRunner) {
        watched.set(runner: runner)
    }

    /// Takes a (re)loaded source list: sets the configured count, starts each new source's failure count at zero
    /// and drops the series of sources no longer configured.
    public func configure(sources: [SourceConfiguration]) {
        let enabled = sources.filter(\.enabled).map(\.id)
        sourcesConfigured.set(to: Double(enabled.count))
        registry.retainSeries(label: "source", keeping: Set(enabled))
        for id in enabled where consecutiveFailures.value([id]) == nil {
            consecutiveFailures.set([id], to: 0)
        }
        watched.setSources(Set(enabled))
    }

    /// Starts per-source health from what the state database recorded before this start.
    func seed(_ health: [SourceHealth]) {
        let configured = watched.sources
        for source in health where configured.contains(source.source) {
            if let time = source.lastSuccess {
                lastSuccess.set([source.source], to: time.timeIntervalSince1970)
            }
            consecutiveFailures.set([source.source], to: Double(source.consecutiveFailures))
        }
    }

    /// Counts one finished transfer; the fetcher's ``FetchObserver``.
    public func observe(_ request: FetchRequest, _ result: Result<FetchResponse, FetchError>) {
        switch result {
        case .success(let response):
            if response.isNotModified {
                fetches.increment(["not_modified", "304"])
                notModified.increment()
            } else {
                fetches.increment(["ok", "\(response.status)"])
            }
            fetchedBytes.increment(by: Double(response.body.count))
        case .failure(let error):
            fetches.increment(Self.labels(of: error.kind))
        }
    }

    /// Counts a finished pass: its extraction outcomes, and the source's health as `newsd status` records it.
    func record(_ report: SourcePassReport, at time: Date) {
        extractions.increment(["article"], by: Double(report.articlesExtracted))
        extractions.increment(["no_article"], by: Double(report.pagesWithoutArticle))
        extractions.increment(["consent_wall"], by: Double(report.consentWalls))
        extractions.increment(["error"], by: Double(report.extractionErrors))
        paywalls.increment(by: Double(report.paywallsFlagged))
        guard watched.sources.contains(report.sourceID) else { return }
        if report.succeeded {
            lastSuccess.set([report.sourceID], to: time.timeIntervalSince1970)
            consecutiveFailures.set([report.sourceID], to: 0)
        } else {
            consecutiveFailures.increment([report.sourceID])
        }
    }

    /// The `outcome` and `status` labels of a failed transfer.
    static func labels(of kind: FetchError.Kind) -> [String] {
        switch kind {
        case .httpStatus(let status, _): ["http_error", "\(status)"]
        case .timedOut: ["timeout", "none"]
        case .bodyTooLarge: ["too_large", "none"]
        case .protocolNotAllowed: ["protocol_refused", "none"]
        case .couldNotResolveHost: ["dns_error", "none"]
        case .couldNotConnect: ["connect_error", "none"]
        case .privateAddressRefused: ["private_address_refused", "none"]
        case .tooManyRedirects: ["too_many_redirects", "none"]
        case .fileNotFound: ["file_not_found", "none"]
        case .transfer: ["transport_error", "none"]
        case .stopping: ["cancelled", "none"]
        }
    }
}

/// The daemon parts metrics read at scrape time, held weakly behind a lock.
private final class WatchedParts: @unchecked Sendable {
    private let lock = NSLock()
    private weak var desk: StoryDesk?
    private weak var fetcher: Fetcher?
    private weak var runner: PassRunner?
    private var spool: SpoolWriter?
    private var configured: Set<String> = []

    func set(desk: StoryDesk, fetcher: Fetcher, spool: SpoolWriter) {
        lock.withLock {
            self.desk = desk
            self.fetcher = fetcher
            self.spool = spool
        }
    }

    func set(runner: PassRunner) {
        lock.withLock { self.runner = runner }
    }

    func setSources(_ sources: Set<String>) {
        lock.withLock { configured = sources }
    }

    var sources: Set<String> { lock.withLock { configured } }

    var tally: DeskTally { lock.withLock { desk }?.tally ?? DeskTally() }

    var passes: (running: Int, waiting: Int) { lock.withLock { runner }?.depth ?? (0, 0) }

    /// How long a scrape waits for the fetch engine's answer.
    static let fetchProbeTimeout: DispatchTimeInterval = .seconds(1)

    /// The fetch engine's running and waiting counts, asked of its queue without waiting on it indefinitely: a
    /// stuck engine (what the watchdog is for) must not hang the scrape. `nil` when it did not answer in time.
    var fetches: (running: Int, waiting: Int)? {
        guard let fetcher = lock.withLock({ fetcher }) else { return (0, 0) }
        let answer = ProbeAnswer()
        fetcher.probe { answer.deliver($0) }
        guard let snapshot = answer.wait(timeout: Self.fetchProbeTimeout) else { return nil }
        return (snapshot.running, snapshot.waiting)
    }

    /// The spool's backlog as `newsd status` counts it (``SpoolWriter/backlog()``); 0 when it cannot be read.
    var spoolBacklog: Int {
        (try? lock.withLock({ spool })?.backlog()) ?? 0
    }
}

/// One answer of the fetch engine's probe, waited for with a timeout.
private final class ProbeAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private let arrived = DispatchSemaphore(value: 0)
    private var snapshot: FetchEngineSnapshot?

    func deliver(_ snapshot: FetchEngineSnapshot) {
        lock.withLock { self.snapshot = snapshot }
        arrived.signal()
    }

    func wait(timeout: DispatchTimeInterval) -> FetchEngineSnapshot? {
        guard arrived.wait(timeout: .now() + timeout) == .success else { return nil }
        return lock.withLock { snapshot }
    }
}
