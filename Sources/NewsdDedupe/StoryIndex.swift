/// An in-memory inverted index from paragraph hash to the stories that contain the paragraph.
///
/// The daemon rebuilds it from the state database at start and adds to it after each commit; `newsd dedupe`
/// builds it from a corpus. Both then ask it for candidates the same way.
public struct StoryIndex: Sendable {
    private var storiesByHash: [UInt64: [String]] = [:]
    private var hashesByStory: [String: Set<UInt64>] = [:]

    public init() {}

    /// How many stories the index holds.
    public var storyCount: Int { hashesByStory.count }

    /// How many distinct paragraphs a story has in the index.
    public func paragraphCount(of storyID: String) -> Int {
        hashesByStory[storyID]?.count ?? 0
    }

    /// Adds paragraphs to a story (a new story, or a copy joining one). Hashes it already has are ignored.
    public mutating func insert(storyID: String, hashes: some Sequence<UInt64>) {
        var known = hashesByStory[storyID] ?? []
        for hash in hashes where known.insert(hash).inserted {
            storiesByHash[hash, default: []].append(storyID)
        }
        hashesByStory[storyID] = known
    }

    /// The stories sharing at least one paragraph with the fingerprint, with how many they share, most shared first
    /// (ties by story id, so the order is deterministic).
    public func candidates(for fingerprint: ArticleFingerprint) -> [StoryCandidate] {
        var shared: [String: Int] = [:]
        for hash in fingerprint.paragraphHashes {
            for story in storiesByHash[hash] ?? [] {
                shared[story, default: 0] += 1
            }
        }
        return shared.map { story, count in
            StoryCandidate(storyID: story, sharedCount: count, paragraphCount: paragraphCount(of: story))
        }
        .sorted { ($0.sharedCount, $1.storyID) > ($1.sharedCount, $0.storyID) }
    }
}

/// A story that shares paragraphs with an incoming article.
public struct StoryCandidate: Sendable, Equatable {
    public var storyID: String
    /// Paragraphs the article and the story have in common.
    public var sharedCount: Int
    /// Distinct paragraphs the story has in the index.
    public var paragraphCount: Int

    public init(storyID: String, sharedCount: Int, paragraphCount: Int) {
        self.storyID = storyID
        self.sharedCount = sharedCount
        self.paragraphCount = paragraphCount
    }
}
