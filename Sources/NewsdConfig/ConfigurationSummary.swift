import NewsdFetch
import NewsdMetrics
extension NewsdConfiguration {
    /// A plain-text overview for `newsd check-config`: the files and directories in use, the global settings,
    /// then one line per source (`id  interval (min–max)  N feed(s)  name`) followed by the file it came from: the
    /// interval polling starts at and the bounds it adapts within.
    ///
    /// ```
    /// config file:  /etc/newsd/newsd.yaml
    /// spool:        /var/spool/newsd
    /// state:        /var/lib/newsd
    /// sources dir:  /etc/newsd/sources.d
    /// user agent:   newsd/0.1 (+https://github.com/newsd/newsd)
    /// concurrency:  8
    /// fetch:        connect 10s, timeout 1m, low speed 1KiB/s for 30s, max body 10MiB, max 5 redirects, host delay 1s
    /// transfers:    32 at once, 2 per host; failing feeds retried after 1m doubling to 6h
    /// stories:      copies matched within 30d; stopping lets in-flight items finish for 30s
    /// sources:      2
    ///   harbor-times  15m (3m45s–1h)  1 feed(s)  Harbor Times
    ///     file: /etc/newsd/sources.d/harbor-times.yaml
    ///   valley-post   1h (15m–4h)     2 feed(s)  Valley Post (disabled)
    ///     file: /etc/newsd/sources.d/valley-post.yaml
    /// ```
    public func summary() -> String {
        var lines = [
            "config file:  \(configFile)",
            "spool:        \(spoolDirectory)",
            "state:        \(stateDirectory)",
            "sources dir:  \(sourcesDirectory)",
            "user agent:   \(userAgent)",
            "concurrency:  \(concurrency)",
            "fetch:        \(fetch.summary)",
            "transfers:    \(fetchConcurrency.maximumTransfers) at once, \(fetchConcurrency.maximumPerHost) per host; "
                + "failing feeds retried after \(DurationText.format(backoff.initial)) doubling to "
                + "\(DurationText.format(backoff.maximum))",
            "stories:      copies matched within \(DurationText.format(dedupeWindow)); stopping lets in-flight items "
                + "finish for \(DurationText.format(drainTimeout))",
        ]
        if metrics.isEnabled {
            lines.append("metrics:      \(metrics.summary)")
        }
        lines.append("sources:      \(sources.count)")
        let idWidth = sources.map(\.id.count).max() ?? 0
        let intervals = sources.map {
            "\(DurationText.format($0.interval)) (\(DurationText.format($0.minInterval))–"
                + "\(DurationText.format($0.maxInterval)))"
        }
        let intervalWidth = intervals.map(\.count).max() ?? 0
        for (source, interval) in zip(sources, intervals) {
            let id = source.id.padding(to: idWidth)
            let disabled = source.enabled ? "" : " (disabled)"
            let feeds = "\(source.feeds.count) feed(s)"
            lines.append("  \(id)  \(interval.padding(to: intervalWidth))  \(feeds)  \(source.name)\(disabled)")
            if source.fetch != fetch {
                lines.append("    fetch: \(source.fetch.summary)")
            }
            lines.append("    file: \(source.file)")
        }
        return lines.joined(separator: "\n")
    }
}

extension FetchLimits {
    /// One line describing the settings, with the same units the config files use.
    var summary: String {
        "connect \(DurationText.format(connectTimeout)), timeout \(DurationText.format(totalTimeout)), "
            + "low speed \(ByteSize.format(lowSpeedLimit))/s for \(DurationText.format(lowSpeedTime)), "
            + "max body \(ByteSize.format(maxBodyBytes)), max \(maxRedirects) redirects, "
            + "host delay \(DurationText.format(hostDelay))"
    }
}

extension MetricsSettings {
    /// `http://127.0.0.1:9464/metrics; textfile /var/lib/node_exporter/textfile/newsd.prom every 15s`.
    var summary: String {
        var parts: [String] = []
        if let listen { parts.append("http://\(listen)/metrics") }
        if let textfile { parts.append("textfile \(textfile) every \(DurationText.format(textfileInterval))") }
        return parts.joined(separator: "; ")
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
