/// The feed dialects newsd reads, named as feedparser names them in its `version` key.
///
/// RSS 0.91–0.94 and 2.0 share one shape, as do Atom 0.3 and 1.0 for the fields newsd models; the distinction is
/// kept for diagnostics and for `newsd feed --json`.
public enum FeedFormat: String, Sendable, Equatable, CaseIterable {
    /// RSS 0.90 (RDF with the Netscape namespace).
    case rss090 = "rss090"
    /// RSS 0.91 (UserLand).
    case rss091Userland = "rss091u"
    /// RSS 0.91 declaring Netscape's DTD.
    case rss091Netscape = "rss091n"
    /// RSS 0.92.
    case rss092 = "rss092"
    /// RSS 0.93.
    case rss093 = "rss093"
    /// RSS 0.94.
    case rss094 = "rss094"
    /// RSS 2.0 (any `version` starting `2.`).
    case rss20 = "rss20"
    /// An `<rss>` root with a missing or unknown `version`.
    case rssUnknownVersion = "rss"
    /// RSS 1.0 (RDF).
    case rss10 = "rss10"
    /// Atom 0.3 (`http://purl.org/atom/ns#`).
    case atom03 = "atom03"
    /// Atom 1.0 (`http://www.w3.org/2005/Atom`).
    case atom10 = "atom10"
    /// A `<feed>` root in neither Atom namespace.
    case atomUnknownVersion = "atom"
    /// Microsoft's Channel Definition Format (`<CHANNEL>` root).
    case cdf = "cdf"
    /// JSON Feed 1.0 (`https://jsonfeed.org/version/1`).
    case jsonFeed10 = "json1"
    /// JSON Feed 1.1 (`https://jsonfeed.org/version/1.1`).
    case jsonFeed11 = "json11"

    /// feedparser's name for the dialect (`rss20`, `atom10`, …).
    public var feedparserVersion: String { rawValue }

    /// Whether the document is one of the Atom dialects.
    public var isAtom: Bool {
        switch self {
        case .atom03, .atom10, .atomUnknownVersion: true
        default: false
        }
    }
}
