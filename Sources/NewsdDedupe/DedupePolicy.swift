/// The thresholds of the merge decision, in one documented place.
///
/// The defaults were chosen on general properties of syndicated news, not on one corpus: a copy carries most of
/// the shorter text and starts where the other starts (wire copy is cut from the bottom, and what an outlet adds
/// at the top — a dateline, an editor's note — is short), while a write-up that quotes or reuses a passage adds
/// much text of its own around it.
public struct DedupePolicy: Sendable, Equatable {
    /// Shingles whose hash is divisible by this are sampled (one in four).
    public static let sampleModulus: UInt64 = 4

    /// The share of the shorter text's sampled shingles the longer one must contain for a merge.
    public var minimumContainment: Double
    /// Where, as a share of its samples, the shared text may start at the latest in the shorter document: a copy
    /// shares its own lead.
    public var shorterStartLimit: Double
    /// Where the shared text may start at the latest in the longer document: a brief that quotes a paragraph from
    /// deep inside a story is not a copy of it.
    public var longerStartLimit: Double
    /// The fewest shared samples that count as overlap at all (merge or related): about a sentence.
    public var minimumShared: Int
    /// A shingle found in more distinct stories than this is boilerplate ("Sign up for our newsletter") and is
    /// ignored.
    public var boilerplateStories: Int

    /// Creates a policy; the defaults are the ones newsd uses.
    public init(minimumContainment: Double = 0.5, shorterStartLimit: Double = 0.15, longerStartLimit: Double = 0.3,
                minimumShared: Int = 3, boilerplateStories: Int = 8)
    {
        self.minimumContainment = minimumContainment
        self.shorterStartLimit = shorterStartLimit
        self.longerStartLimit = longerStartLimit
        self.minimumShared = minimumShared
        self.boilerplateStories = boilerplateStories
    }
}

/// How two documents overlap, measured on their sampled shingles, and what that makes them.
public struct OverlapEvidence: Sendable, Equatable {
    /// Samples the two share (boilerplate left out).
    public var shared: Int
    /// Samples of the incoming document, and of the indexed one.
    public var incomingSamples: Int
    public var indexedSamples: Int
    /// Where the shared text starts in each, as a share of its samples (0 = at the very start).
    public var incomingStart: Double
    public var indexedStart: Double

    /// Creates evidence.
    public init(shared: Int, incomingSamples: Int, indexedSamples: Int, incomingStart: Double, indexedStart: Double) {
        self.shared = shared
        self.incomingSamples = incomingSamples
        self.indexedSamples = indexedSamples
        self.incomingStart = incomingStart
        self.indexedStart = indexedStart
    }

    /// The share of the incoming document found in the indexed one.
    public var incomingContainment: Double { incomingSamples == 0 ? 0 : Double(shared) / Double(incomingSamples) }
    /// The share of the indexed document found in the incoming one.
    public var indexedContainment: Double { indexedSamples == 0 ? 0 : Double(shared) / Double(indexedSamples) }
    /// Containment in the better direction: a trimmed copy is contained in its original and the reverse.
    public var containment: Double { max(incomingContainment, indexedContainment) }

    /// The verification before any merge: enough shared text, most of the shorter text shared, and the shared text
    /// starting near the start of both (a shared quote or background paragraph sits in the middle of at least one).
    public func isCopy(under policy: DedupePolicy) -> Bool {
        guard shared >= policy.minimumShared, containment >= policy.minimumContainment else { return false }
        let incomingIsShorter = incomingSamples <= indexedSamples
        let shorterStart = incomingIsShorter ? incomingStart : indexedStart
        let longerStart = incomingIsShorter ? indexedStart : incomingStart
        return shorterStart <= policy.shorterStartLimit && longerStart <= policy.longerStartLimit
    }

    /// Whether the two share a passage at all (a quote, a background paragraph): grounds for a `related` link.
    public func isRelated(under policy: DedupePolicy) -> Bool { shared >= policy.minimumShared }
}

/// How long an indexed copy stays matchable. A copy that arrives later than this after the last copy of its story
/// starts a new story; the window bounds the index's memory and start-up time.
public enum DedupeWindow {
    /// 30 days: reprints of wire copy come within days; a month leaves room for late weekly outlets.
    public static let `default`: Duration = .seconds(30 * 86_400)
}
