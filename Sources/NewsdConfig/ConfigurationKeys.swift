/// The keys each section of the configuration allows, and advice for keys written in the wrong section.
enum ConfigurationKeys {
    /// Top level of `newsd.yaml`.
    static let global = [
        "spool", "state", "sources", "user_agent", "concurrency", "fetch", "dedupe_window", "drain_timeout", "metrics",
    ]
    /// `newsd.yaml`'s `metrics:` mapping.
    static let metrics = ["listen", "textfile", "textfile_interval"]
    /// A `fetch:` mapping, in `newsd.yaml` or a source file.
    static let fetch = [
        "connect_timeout", "timeout", "low_speed_limit", "low_speed_time", "max_body_bytes", "max_redirects",
        "host_delay",
    ]
    /// Keys of `newsd.yaml`'s `fetch:` that apply to the whole engine, not to one source.
    static let globalFetch = ["max_transfers", "max_transfers_per_host", "backoff_initial", "backoff_max"]
    /// Top level of a source file.
    static let source = [
        "id", "name", "feeds", "interval", "min_interval", "max_interval", "allow_file_urls", "allow_private_networks", "fetch", "enabled", "rules",
        "obey_robots", "ignore_validators", "headers", "cookies",
        "dedupe_priority",
    ]

    /// Advice for an engine-wide fetch key found in a source's `fetch:`.
    static let misplacedInSourceFetch: [String: String] = Dictionary(
        uniqueKeysWithValues: globalFetch.map { ($0, "`\($0)` applies to every source: set it in newsd.yaml's `fetch:`") }
    )
    /// A source's `rules:` mapping.
    static let rules = ["content_xpath", "remove_xpaths", "drop_patterns", "template"]
    /// A source's `rules.template:` mapping (site-template learning).
    static let template = ["enabled", "pages", "min_pages", "share_percent"]

    /// Advice for a source key or fetch key found at the top of `newsd.yaml`.
    static let misplacedInGlobal: [String: String] = {
        var advice: [String: String] = [:]
        for key in fetch {
            advice[key] = "`\(key)` belongs under `fetch:`"
        }
        for key in source where !global.contains(key) {
            advice[key] = "`\(key)` is a per-source setting: put it in a file in the sources directory"
        }
        return advice
    }()

    /// Advice for a global, fetch or rules key found at the top of a source file.
    static let misplacedInSource: [String: String] = {
        var advice: [String: String] = [:]
        for key in fetch {
            advice[key] = "`\(key)` belongs under `fetch:`"
        }
        for key in rules {
            advice[key] = "`\(key)` belongs under `rules:`"
        }
        for key in global where !source.contains(key) {
            advice[key] = "`\(key)` can only be set in newsd.yaml"
        }
        return advice
    }()
}
