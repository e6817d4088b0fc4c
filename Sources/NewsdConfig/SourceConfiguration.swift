public import NewsdExtract
public import NewsdFetch
/// One news source, read from one file in `sources.d/`: where its feeds are, how often to poll them, and what
/// it may fetch.
public struct SourceConfiguration: Sendable, Equatable {
    /// How often a source is polled when its file sets no `interval`: 15 minutes.
    public static let defaultInterval: Duration = .seconds(15 * 60)
    /// The shortest `interval` the loader accepts: 10 seconds, to keep newsd a polite client.
    public static let minimumInterval: Duration = .seconds(10)
    /// The longest `max_interval` the loader accepts: a week. A source is never left unpolled for longer.
    public static let longestInterval: Duration = .seconds(7 * 86_400)
    /// The range `dedupe_priority` must lie in.
    public static let dedupePriorityRange = 0...100
    /// The longest `id` the loader accepts.
    public static let maximumIDLength = 64

    /// The source's stable identifier (`id`): lower-case letters, digits, `.`, `_` and `-`, starting with a letter
    /// or digit. It names the source in state, spool records and logs, so changing it makes a new source.
    public var id: String
    /// A human-readable name (`name`, default: the id).
    public var name: String
    /// The feed URLs, absolute: `http`, `https`, or `file:///…` with relative `file:` URLs already resolved against
    /// the directory of the source file.
    public var feeds: [String]
    /// The time between two polls of this source before newsd has learned how often it publishes (`interval`,
    /// default 15m, at least 10s, between ``minInterval`` and ``maxInterval``).
    public var interval: Duration
    /// The shortest time between two polls however fast the source publishes (`min_interval`, default a quarter
    /// of `interval` but at least 10s; ``defaultMinInterval(for:)``).
    public var minInterval: Duration
    /// The longest time between two polls however quiet the source is or however long its server says the feed
    /// stays fresh (`max_interval`, default 4 × `interval` but at least 1h, at most a week;
    /// ``defaultMaxInterval(for:)``). Only a failing source (backoff, `Retry-After`) waits longer.
    public var maxInterval: Duration
    /// Whether `file:` URLs may be fetched for this source, in its feeds and in links they contain
    /// (`allow_file_urls`, default false).
    public var allowFileURLs: Bool
    /// Whether hosts that resolve to loopback, private or link-local addresses may be fetched
    /// (`allow_private_networks`, default false).
    public var allowPrivateNetworks: Bool
    /// The global fetch settings with this source's `fetch:` overrides applied.
    public var fetch: FetchLimits
    /// Whether the source is polled (`enabled`, default true). Disabled sources are still loaded and validated,
    /// so `newsd check-config` reports on them, but the daemon skips them.
    public var enabled: Bool
    /// Per-source extraction rules (`rules:`), unchecked beyond syntax.
    public var rules: ExtractionRules
    /// Whether and how the source's site template is learned (`rules.template:`).
    public var siteTemplate: SiteTemplateSettings
    /// Whether article pages are fetched only where the site's robots.txt allows it (`obey_robots`, default
    /// true). Feeds are fetched either way.
    public var obeyRobots: Bool
    /// Whether stored `ETag`/`Last-Modified` are left out of feed requests (`ignore_validators`, default false),
    /// for servers whose validators are wrong and answer 304 to changed feeds.
    public var ignoreValidators: Bool
    /// Extra request headers for every request of the source (`headers:`), by name.
    public var headers: [String: String]
    /// Cookies sent with every request of the source (`cookies:`), by name.
    public var cookies: [String: String]
    /// Whose text a story carries when this source's copy and another's are merged (`dedupe_priority`, 0...100,
    /// default 0): the copy from the source with the higher priority wins, and only between equal priorities does
    /// the most complete copy win. Give an outlet you prefer (your own, a wire you license) a higher number.
    public var dedupePriority: Int
    /// The absolute path of the source file this came from.
    public var file: String

    /// Creates a source; everything but the id, feeds and file has its documented default.
    public init(
        id: String,
        name: String? = nil,
        feeds: [String],
        interval: Duration = SourceConfiguration.defaultInterval,
        minInterval: Duration? = nil,
        maxInterval: Duration? = nil,
        allowFileURLs: Bool = false,
        allowPrivateNetworks: Bool = false,
        fetch: FetchLimits = FetchLimits(),
        enabled: Bool = true,
        rules: ExtractionRules = ExtractionRules(),
        siteTemplate: SiteTemplateSettings = SiteTemplateSettings(),
        obeyRobots: Bool = true,
        ignoreValidators: Bool = false,
        headers: [String: String] = [:],
        cookies: [String: String] = [:],
        dedupePriority: Int = 0,
        file: String
    ) {
        self.id = id
        self.name = name ?? id
        self.feeds = feeds
        self.interval = interval
        self.minInterval = minInterval ?? min(interval, Self.defaultMinInterval(for: interval))
        self.maxInterval = maxInterval ?? max(interval, Self.defaultMaxInterval(for: interval))
        self.allowFileURLs = allowFileURLs
        self.allowPrivateNetworks = allowPrivateNetworks
        self.fetch = fetch
        self.enabled = enabled
        self.rules = rules
        self.siteTemplate = siteTemplate
        self.obeyRobots = obeyRobots
        self.ignoreValidators = ignoreValidators
        self.headers = headers
        self.cookies = cookies
        self.dedupePriority = dedupePriority
        self.file = file
    }

    /// `min_interval` when the source file sets none: a quarter of `interval`, at least ``minimumInterval``.
    public static func defaultMinInterval(for interval: Duration) -> Duration {
        max(minimumInterval, interval / 4)
    }

    /// `max_interval` when the source file sets none: 4 × `interval`, at least an hour, at most
    /// ``longestInterval``.
    public static func defaultMaxInterval(for interval: Duration) -> Duration {
        min(longestInterval, max(.seconds(3600), interval * 4))
    }
}
