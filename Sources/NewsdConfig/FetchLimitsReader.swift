import NewsdFetch
import Yams

/// Reads a `fetch:` mapping on top of base settings: each key present replaces the base value.
enum FetchLimitsReader {
    /// The shortest time any fetch duration may be; libcurl counts `low_speed_time` in whole seconds.
    static let minimumDuration: Duration = .seconds(1)
    /// The most redirects `max_redirects` may allow.
    static let maximumRedirects = 50

    /// `base` with the values of `node` (a `fetch:` mapping, or `nil`) applied; bad values are reported and keep
    /// the base value.
    static func read(_ node: Node?, file: String, base: FetchLimits, problems: inout ProblemList) -> FetchLimits {
        let mapping = CheckedMapping(node, file: file, path: "fetch", allowed: ConfigurationKeys.fetch,
                                     problems: &problems)
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
        return settings
    }
}
