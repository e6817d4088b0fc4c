import NewsdFetch
import Yams

/// Reads a `fetch:` mapping on top of base settings: each key present replaces the base value.
enum FetchLimitsReader {
    /// The shortest time any fetch duration may be; libcurl counts `low_speed_time` in whole seconds.
    static let minimumDuration: Duration = .seconds(1)
    /// The most redirects `max_redirects` may allow.
    static let maximumRedirects = 50

    /// The longest `host_delay`.
    static let maximumHostDelay: Duration = .seconds(3600)
    /// The range of `max_transfers`.
    static let transfersRange = 1...1024
    /// The range of `max_transfers_per_host`.
    static let transfersPerHostRange = 1...64

    /// `base` with the values of `node` (a source's `fetch:` mapping, or `nil`) applied; bad values are reported
    /// and keep the base value.
    static func read(_ node: Node?, file: String, base: FetchLimits, problems: inout ProblemList) -> FetchLimits {
        let mapping = CheckedMapping(node, file: file, path: "fetch", allowed: ConfigurationKeys.fetch,
                                     misplaced: ConfigurationKeys.misplacedInSourceFetch, problems: &problems)
        return read(mapping, base: base, problems: &problems)
    }

    /// `newsd.yaml`'s `fetch:`: the limits every source starts from, and the engine-wide settings.
    static func readGlobal(_ node: Node?, file: String, problems: inout ProblemList)
        -> (limits: FetchLimits, concurrency: FetchConcurrency, backoff: Backoff)
    {
        let mapping = CheckedMapping(node, file: file, path: "fetch",
                                     allowed: ConfigurationKeys.fetch + ConfigurationKeys.globalFetch,
                                     problems: &problems)
        let limits = read(mapping, base: FetchLimits(), problems: &problems)
        var concurrency = FetchConcurrency()
        if let value = mapping.integer("max_transfers", in: transfersRange, problems: &problems) {
            concurrency.maximumTransfers = value
        }
        if let value = mapping.integer("max_transfers_per_host", in: transfersPerHostRange, problems: &problems) {
            concurrency.maximumPerHost = value
        }
        var backoff = Backoff()
        if let value = mapping.duration("backoff_initial", atLeast: minimumDuration, problems: &problems) {
            backoff = Backoff(initial: value, maximum: max(value, backoff.maximum))
        }
        if let value = mapping.duration("backoff_max", atLeast: backoff.initial, problems: &problems) {
            backoff = Backoff(initial: backoff.initial, maximum: value)
        }
        return (limits, concurrency, backoff)
    }

    private static func read(_ mapping: CheckedMapping, base: FetchLimits, problems: inout ProblemList)
        -> FetchLimits
    {
        var settings = base
        if let value = mapping.duration("connect_timeout", atLeast: minimumDuration, problems: &problems) {
            settings.connectTimeout = value
        }
        if let value = mapping.duration("timeout", atLeast: minimumDuration, problems: &problems) {
            settings.totalTimeout = value
        }
        if let value = mapping.byteSize("low_speed_limit", atLeast: 0, problems: &problems) {
            settings.lowSpeedLimit = value
        }
        if let value = mapping.duration("low_speed_time", atLeast: minimumDuration, problems: &problems) {
            settings.lowSpeedTime = value
        }
        if let value = mapping.byteSize("max_body_bytes", atLeast: 1, problems: &problems) {
            settings.maxBodyBytes = value
        }
        if let value = mapping.integer("max_redirects", in: 0...maximumRedirects, problems: &problems) {
            settings.maxRedirects = value
        }
        if let value = mapping.duration("host_delay", atLeast: .zero, problems: &problems) {
            if value > maximumHostDelay {
                problems.add(mapping.file, at: mapping.mark(of: "host_delay"), key: mapping.keyPath("host_delay"),
                             "must be between 0s and \(DurationText.format(maximumHostDelay)), got "
                             + DurationText.format(value))
            } else {
                settings.hostDelay = value
            }
        }
        return settings
    }
}
