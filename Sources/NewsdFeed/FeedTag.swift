/// A category an item or channel is filed under: RSS `<category>`, `dc:subject`, Atom `<category>`.
public struct FeedTag: Sendable, Equatable {
    /// The category itself.
    public var term: String
    /// The taxonomy it belongs to (RSS `domain`, Atom `scheme`).
    public var scheme: String?
    /// A human-readable label (Atom `label`).
    public var label: String?

    /// A category with an optional taxonomy and label.
    public init(term: String, scheme: String? = nil, label: String? = nil) {
        self.term = term
        self.scheme = scheme
        self.label = label
    }
}
