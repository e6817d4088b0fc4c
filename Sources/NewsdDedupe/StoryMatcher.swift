/// What to do with an incoming article.
public enum MatchDecision: Sendable, Equatable {
    /// The article starts a story of its own; `related` lists stories that share a passage with it.
    case newStory(related: [String])
    /// The article is a copy of an existing story.
    case join(storyID: String, containment: Double, related: [String])
}

/// Decides whether an article is a copy of an existing story.
///
/// Syndicated copies are trimmed, so resemblance (Jaccard) is the wrong measure: a copy with the last two
/// paragraphs cut shares everything it has. The matcher uses containment in either direction — shared paragraphs
/// over the smaller of the two paragraph counts — and also demands a minimum number of shared paragraphs, so that
/// two write-ups of one event that quote the same statement stay apart (they become `related`).
public struct StoryMatcher: Sendable {
    /// The share of the smaller text that must be shared for a merge.
    public var minimumContainment: Double
    /// The number of shared paragraphs a merge needs at the least.
    public var minimumShared: Int

    public init(minimumContainment: Double = 0.5, minimumShared: Int = 2) {
        self.minimumContainment = minimumContainment
        self.minimumShared = minimumShared
    }

    /// Chooses the story with the highest containment that passes both thresholds — on a tie, the one sharing more
    /// paragraphs, then the one closest in length to the article — and every other candidate becomes a related
    /// story.
    public func decide(_ fingerprint: ArticleFingerprint, candidates: [StoryCandidate]) -> MatchDecision {
        let articleCount = fingerprint.paragraphHashes.count
        var best: (candidate: StoryCandidate, containment: Double)?
        for candidate in candidates where candidate.sharedCount >= minimumShared {
            let smaller = min(articleCount, candidate.paragraphCount)
            guard smaller > 0 else { continue }
            let containment = Double(candidate.sharedCount) / Double(smaller)
            guard containment >= minimumContainment else { continue }
            if let current = best, !isBetter(candidate, containment, than: current, articleCount: articleCount) {
                continue
            }
            best = (candidate, containment)
        }
        let related = candidates.map(\.storyID).filter { $0 != best?.candidate.storyID }.sorted()
        if let best {
            return .join(storyID: best.candidate.storyID, containment: best.containment, related: related)
        }
        return .newStory(related: related)
    }

    private func isBetter(_ candidate: StoryCandidate, _ containment: Double,
                          than current: (candidate: StoryCandidate, containment: Double), articleCount: Int) -> Bool
    {
        if containment != current.containment { return containment > current.containment }
        if candidate.sharedCount != current.candidate.sharedCount {
            return candidate.sharedCount > current.candidate.sharedCount
        }
        return abs(candidate.paragraphCount - articleCount) < abs(current.candidate.paragraphCount - articleCount)
    }
}
