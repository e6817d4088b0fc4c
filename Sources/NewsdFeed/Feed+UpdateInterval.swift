extension Feed {
    /// How often the feed says it is worth reading: RSS `<ttl>` (minutes), else the syndication module's
    /// `sy:updatePeriod` (`hourly`, `daily`, `weekly`, `monthly`, `yearly`) divided by `sy:updateFrequency`
    /// (default 1). `nil` when the feed says neither, or says it in a form that cannot be read.
    ///
    /// A hint for the poll scheduler, never an order: the daemon caps it at the source's `max_interval`.
    public var updateInterval: Duration? {
        if case .text(let text) = header.extensions["ttl"] {
            guard let minutes = Int(text.trimmingSpaces), minutes > 0 else { return nil }
            return .seconds(min(minutes, Self.longestHint / 60) * 60)
        }
        guard case .text(let periodText) = header.extensions["sy_updateperiod"],
              let period = Self.syndicationPeriods[periodText.trimmingSpaces.lowercased()]
        else { return nil }
        var frequency = 1
        if case .text(let frequencyText) = header.extensions["sy_updatefrequency"] {
            guard let value = Int(frequencyText.trimmingSpaces), value > 0 else { return nil }
            frequency = value
        }
        return .seconds(min(Self.longestHint, max(1, period / frequency)))
    }

    /// The longest hint taken from a feed, in seconds: a week.
    private static let longestHint = 7 * 86_400

    /// `sy:updatePeriod` values in seconds (a month as 30 days, a year as 365).
    private static let syndicationPeriods: [String: Int] = [
        "hourly": 3600, "daily": 86_400, "weekly": 7 * 86_400, "monthly": 30 * 86_400, "yearly": 365 * 86_400,
    ]
}
