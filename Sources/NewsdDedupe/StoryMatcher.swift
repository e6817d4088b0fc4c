/// What to do with an incoming article.
public enum MatchDecision: Sendable, Equatable {
    /// The article starts a story of its own; `related` lists stories that share a passage with it.
    case newStory(related: [String])
    /// The article is a copy of `storyID`. When it is also a copy of other stories (`merging`, a bridging copy:
    /// say the first and the second half of one wire story arrived separately), those are folded into `storyID`.
    case join(storyID: String, merging: [String], related: [String])
}

/// Turns an index's matches into a decision, and records the decision in the index.
///
/// Used the same way by the daemon's story desk and by `newsd dedupe`, so the corpus score measures the daemon's
/// behaviour. Deciding does not change the index: the desk records a decision only once it is committed.
public struct StoryMatcher: Sendable {
    public init() {}

    /// Joins the story with the closest verified copy, folds every other verified story into it, and lists the
    /// stories that merely share a passage as related.
    public func decide(_ matches: [StoryMatch]) -> MatchDecision {
        let copies = matches.filter(\.isCopy).map(\.storyID)
        let related = matches.filter { !$0.isCopy }.map(\.storyID).sorted()
        guard let survivor = copies.first else { return .newStory(related: related) }
        return .join(storyID: survivor, merging: Array(copies.dropFirst()).sorted(), related: related)
    }

    /// Records a document in the index as `decision` says; `newStoryID` names the story when the decision is a new
    /// one. Returns the story the document now belongs to.
    @discardableResult
    public func record(_ sketch: DocumentSketch, decision: MatchDecision, newStoryID: String, time: Double,
                       in index: inout StoryIndex) -> String
    {
        switch decision {
        case .newStory:
            index.insert(sketch, storyID: newStoryID, time: time)
            return newStoryID
        case .join(let storyID, let merging, _):
            for merged in merging { index.merge(merged, into: storyID) }
            index.insert(sketch, storyID: storyID, time: time)
            return storyID
        }
    }
}
