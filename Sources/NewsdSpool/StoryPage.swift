public import Foundation

/// What the page of the copy whose text a record holds says besides its body: the text set apart from it, the
/// metadata beyond the record's own fields, and whether the page was the article or a paywall stub.
///
/// The `page` object of a `newsd.story/1` record, added to the schema later: records written before it have no
/// `page` key and decode with `page == nil`. See `docs/spool-format.md`.
public struct StoryPage: Codable, Sendable, Equatable {
    /// The values of ``access``.
    public enum Access: String, Codable, Sendable, Equatable {
        /// The page carried the article.
        case open
        /// A paywall stub: the record's paragraphs are the teaser the page shows, not the whole article.
        case paywalled
    }

    /// The standfirst (dek): the summary under the headline.
    public var standfirst: String?
    /// Pull quotes: sentences of the body repeated large for display.
    public var pullQuotes: [String]
    /// When the page says the article was last changed.
    public var modified: Date?
    /// The section the publication files the article under.
    public var section: String?
    /// The lead image's absolute URL.
    public var leadImage: String?
    /// The publication's name as the page gives it.
    public var siteName: String?
    /// Whether the page was the article or a paywall stub.
    public var access: Access
    /// schema.org `isAccessibleForFree` as the page declares it; `nil` when it does not.
    public var isAccessibleForFree: Bool?
    /// Whether the page's schema.org `hasPart` marks a part of the article as not free (`isAccessibleForFree: false`
    /// with a `cssSelector`): the body may then hold only what the page showed of that part.
    public var hasPaywalledSection: Bool
    /// The people the byline names, each apart ("Ann Lee and Bo Park" gives two); empty without a byline.
    public var bylines: [String]

    /// Creates a page description; the date is truncated to whole seconds.
    public init(standfirst: String? = nil, pullQuotes: [String] = [], modified: Date? = nil, section: String? = nil,
                leadImage: String? = nil, siteName: String? = nil, access: Access = .open,
                isAccessibleForFree: Bool? = nil, hasPaywalledSection: Bool = false, bylines: [String] = []) {
        self.standfirst = standfirst
        self.pullQuotes = pullQuotes
        self.modified = modified.map(RecordDate.wholeSeconds)
        self.section = section
        self.leadImage = leadImage
        self.siteName = siteName
        self.access = access
        self.isAccessibleForFree = isAccessibleForFree
        self.hasPaywalledSection = hasPaywalledSection
        self.bylines = bylines
    }

    enum CodingKeys: String, CodingKey {
        case standfirst
        case pullQuotes = "pull_quotes"
        case modified
        case section
        case leadImage = "lead_image"
        case siteName = "site_name"
        case access
        case isAccessibleForFree = "is_accessible_for_free"
        case hasPaywalledSection = "has_paywalled_section"
        case bylines
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        standfirst = try container.decodeIfPresent(String.self, forKey: .standfirst)
        pullQuotes = try container.decodeIfPresent([String].self, forKey: .pullQuotes) ?? []
        modified = try RecordDate.decodeIfPresent(from: container, forKey: .modified)
        section = try container.decodeIfPresent(String.self, forKey: .section)
        leadImage = try container.decodeIfPresent(String.self, forKey: .leadImage)
        siteName = try container.decodeIfPresent(String.self, forKey: .siteName)
        access = try container.decodeIfPresent(Access.self, forKey: .access) ?? .open
        isAccessibleForFree = try container.decodeIfPresent(Bool.self, forKey: .isAccessibleForFree)
        hasPaywalledSection = try container.decodeIfPresent(Bool.self, forKey: .hasPaywalledSection) ?? false
        bylines = try container.decodeIfPresent([String].self, forKey: .bylines) ?? []
    }

    /// Encodes every field, writing `null` for absent optionals.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOrNull(standfirst, forKey: .standfirst)
        try container.encode(pullQuotes, forKey: .pullQuotes)
        try container.encodeOrNull(modified.map(RecordDate.format), forKey: .modified)
        try container.encodeOrNull(section, forKey: .section)
        try container.encodeOrNull(leadImage, forKey: .leadImage)
        try container.encodeOrNull(siteName, forKey: .siteName)
        try container.encode(access, forKey: .access)
        try container.encodeOrNull(isAccessibleForFree, forKey: .isAccessibleForFree)
        try container.encode(hasPaywalledSection, forKey: .hasPaywalledSection)
        try container.encode(bylines, forKey: .bylines)
    }
}
