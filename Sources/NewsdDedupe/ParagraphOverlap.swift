/// Which paragraphs of a copy a story's text carries, which the copy adds, and which it lacks: the provenance of
/// one copy.
///
/// Compared on word shingles rather than exact paragraph text, so a paragraph split in two, joined to the next one
/// or retyped still counts as carried: a paragraph is carried when at least half of its shingles occur anywhere in
/// the other text.
public struct ParagraphOverlap: Sendable, Equatable {
    /// Indices (from 0) of the copy's paragraphs the story's text carries.
    public var shares: [Int]
    /// Indices of the copy's paragraphs the story's text does not carry.
    public var adds: [Int]
    /// Indices of the story text's paragraphs the copy does not carry.
    public var lacks: [Int]

    public init(shares: [Int], adds: [Int], lacks: [Int]) {
        self.shares = shares
        self.adds = adds
        self.lacks = lacks
    }

    /// Compares a copy's paragraphs with the story's text.
    public init(copy: [String], story: [String]) {
        let storyShingles = Set(WordShingles.hashes(story))
        let copyShingles = Set(WordShingles.hashes(copy))
        var shares: [Int] = []
        var adds: [Int] = []
        for (index, paragraph) in copy.enumerated() {
            if Self.isCarried(paragraph, by: storyShingles) { shares.append(index) } else { adds.append(index) }
        }
        self.shares = shares
        self.adds = adds
        self.lacks = story.indices.filter { !Self.isCarried(story[$0], by: copyShingles) }
    }

    private static func isCarried(_ paragraph: String, by shingles: Set<UInt64>) -> Bool {
        let own = WordShingles.hashes([paragraph])
        guard !own.isEmpty else { return true }
        return own.filter(shingles.contains).count * 2 >= own.count
    }
}
