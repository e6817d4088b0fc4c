public import NewsdFetch
public import NewsdMetrics
import NewsdDedupe
/// Everything newsd needs to run, loaded from `newsd.yaml` and the source files beside it.
///
/// Produced by `ConfigurationLoader.load(configFile:)`, which resolves every path to an absolute one and
/// validates every value, so code holding a `NewsdConfiguration` never re-checks it.
public struct NewsdConfiguration: Sendable, Equatable {
    /// The `User-Agent` sent when `newsd.yaml` sets no `user_agent`.
    public static let defaultUserAgent = "newsd/0.1 (+https://github.com/newsd/newsd)"
    /// The number of sources polled at once when `newsd.yaml` sets no `concurrency`.
    public static let defaultConcurrency = 8
    /// The range `concurrency` must lie in.
    public static let concurrencyRange = 1...256
    /// How long an indexed copy stays matchable when `newsd.yaml` sets no `dedupe_window`: the dedupe stage's
    /// default, 30 days.
    public static let defaultDedupeWindow: Duration = DedupeWindow.default
    /// The shortest `dedupe_window` the loader accepts: one hour.
    public static let minimumDedupeWindow: Duration = .seconds(3_600)
    /// How long a stopping daemon waits for in-flight items when `newsd.yaml` sets no `drain_timeout`.
    public static let defaultDrainTimeout: Duration = .seconds(30)
    /// The range `drain_timeout` must lie in; keep it below the unit's `TimeoutStopSec` (60s in
    /// `systemd/newsd.service`), or systemd kills newsd before the drain ends.
    public static let drainTimeoutRange: ClosedRange<Duration> = .seconds(1) ... .seconds(3_600)
    /// The sources directory, relative to the config file, when `newsd.yaml` sets no `sources`.
    public static let defaultSourcesDirectory = "sources.d"

    /// The absolute path of `newsd.yaml`.
    public var configFile: String
    /// Where finished story records are delivered (`spool`), absolute.
    public var spoolDirectory: String
    /// Where the SQLite state lives (`state`), absolute.
    public var stateDirectory: String
    /// The directory of source files (`sources`, default `sources.d`), absolute.
    public var sourcesDirectory: String
    /// The `User-Agent` header for every request (`user_agent`).
    public var userAgent: String
    /// How many sources may be polled at the same time (`concurrency`, 1...256, default 8).
    public var concurrency: Int
    /// The global fetch settings (`fetch:`); each source carries its own copy with overrides applied.
    public var fetch: FetchLimits
    /// How many transfers run at once, over all and per host (`fetch.max_transfers`,
    /// `fetch.max_transfers_per_host`).
    public var fetchConcurrency: FetchConcurrency
    /// How long a failing feed waits before it is tried again (`fetch.backoff_initial`, `fetch.backoff_max`).
    public var backoff: Backoff
    /// Every source, enabled or not, sorted by id.
    public var sources: [SourceConfiguration]
    /// How long an indexed copy stays matchable (`dedupe_window`, default 30d, at least 1h): a copy arriving later
    /// than this after a story's copies starts a new story. Bounds the dedupe index's memory and start-up time.
    public var dedupeWindow: Duration
    /// How long a stopping daemon lets in-flight items finish (`drain_timeout`, default 30s, 1s…1h) before it
    /// cancels their fetches; what did not finish is not marked seen and is redone on the next start.
    public var drainTimeout: Duration
    /// Where the daemon exposes its Prometheus metrics (`metrics:`); by default nowhere.
    public var metrics: MetricsSettings

    /// Creates a configuration from already-validated parts; the loader is the usual way to get one.
    public init(
        configFile: String,
        spoolDirectory: String,
        stateDirectory: String,
        sourcesDirectory: String,
        userAgent: String = NewsdConfiguration.defaultUserAgent,
        concurrency: Int = NewsdConfiguration.defaultConcurrency,
        fetch: FetchLimits = FetchLimits(),
        fetchConcurrency: FetchConcurrency = FetchConcurrency(),
        backoff: Backoff = Backoff(),
        sources: [SourceConfiguration] = [],
        dedupeWindow: Duration = NewsdConfiguration.defaultDedupeWindow,
        drainTimeout: Duration = NewsdConfiguration.defaultDrainTimeout,
        metrics: MetricsSettings = MetricsSettings()
    ) {
        self.configFile = configFile
        self.spoolDirectory = spoolDirectory
        self.stateDirectory = stateDirectory
        self.sourcesDirectory = sourcesDirectory
        self.userAgent = userAgent
        self.concurrency = concurrency
        self.fetch = fetch
        self.fetchConcurrency = fetchConcurrency
        self.backoff = backoff
        self.sources = sources.sorted { $0.id < $1.id }
        self.dedupeWindow = dedupeWindow
        self.drainTimeout = drainTimeout
        self.metrics = metrics
    }

    /// The sources the daemon polls: those not switched off with `enabled: false`.
    public var enabledSources: [SourceConfiguration] {
        sources.filter(\.enabled)
    }
}
