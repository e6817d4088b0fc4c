import NewsdDedupe
import Testing

/// A paragraph long enough to be fingerprinted, distinct per `tag`.
private func paragraph(_ tag: String) -> String {
    "Paragraph \(tag) carries enough distinct words to count as real article text for matching."
}

@Suite("Paragraph fingerprints")
struct ParagraphFingerprintTests {
    @Test("normalisation ignores case, quotes, dashes and spacing")
    func normalisationFoldsTypography() {
        let curly = ParagraphFingerprint.normalize("“We will act,” said Price — firmly.  Don’t wait.")
        let plain = ParagraphFingerprint.normalize("\"we WILL act\" said price - firmly. Dont wait.")
        #expect(curly == plain)
        #expect(curly == "we will act said price firmly dont wait")
    }

    @Test("the hash is FNV-1a 64 and the same in every process")
    func hashIsFixed() {
        #expect(ParagraphFingerprint.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(ParagraphFingerprint.hash("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test("short paragraphs are not fingerprinted")
    func shortParagraphsSkipped() {
        let fingerprint = ArticleFingerprint(paragraphs: ["Read more.", "By Frank Fang", paragraph("a")])
        #expect(fingerprint.paragraphHashes.count == 1)
    }

    @Test("a paragraph repeated in one article counts once")
    func repeatedParagraphCountsOnce() {
        let fingerprint = ArticleFingerprint(paragraphs: [paragraph("a"), paragraph("b"), paragraph("a")])
        #expect(fingerprint.paragraphHashes.count == 2)
    }
}

@Suite("Story matching")
struct StoryMatcherTests {
    private func index(_ stories: [String: [String]]) -> StoryIndex {
        var index = StoryIndex()
        for (id, tags) in stories {
            index.insert(storyID: id, hashes: ArticleFingerprint(paragraphs: tags.map(paragraph)).paragraphHashes)
        }
        return index
    }

    @Test("a trimmed copy joins the story it was cut from")
    func trimmedCopyJoins() {
        let index = index(["s1": ["a", "b", "c", "d", "e", "f", "g"]])
        let copy = ArticleFingerprint(paragraphs: ["x", "b", "c", "d", "e"].map(paragraph))
        let decision = StoryMatcher().decide(copy, candidates: index.candidates(for: copy))
        #expect(decision == .join(storyID: "s1", containment: 0.8, related: []))
    }

    @Test("a longer copy joins a story that is contained in it")
    func longerCopyJoins() {
        let index = index(["s1": ["a", "b", "c"]])
        let copy = ArticleFingerprint(paragraphs: ["a", "b", "c", "d", "e", "f"].map(paragraph))
        guard case .join(let story, _, _) = StoryMatcher().decide(copy, candidates: index.candidates(for: copy)) else {
            Issue.record("expected a join")
            return
        }
        #expect(story == "s1")
    }

    @Test("two write-ups sharing one quoted paragraph stay apart and are related")
    func sharedQuoteIsRelatedNotMerged() {
        let index = index(["s1": ["a", "b", "c", "quote", "d"]])
        let other = ArticleFingerprint(paragraphs: ["p", "quote", "q", "r"].map(paragraph))
        let decision = StoryMatcher().decide(other, candidates: index.candidates(for: other))
        #expect(decision == .newStory(related: ["s1"]))
    }

    @Test("one shared paragraph is not enough even for a two-paragraph brief")
    func minimumSharedGuardsBriefs() {
        let index = index(["s1": ["a", "b", "c", "d"]])
        let brief = ArticleFingerprint(paragraphs: ["a", "z"].map(paragraph))
        #expect(StoryMatcher().decide(brief, candidates: index.candidates(for: brief)) == .newStory(related: ["s1"]))
    }

    @Test("the candidate with the highest containment wins")
    func bestContainmentWins() {
        let index = index(["s1": ["a", "b", "c", "d", "e", "f", "g", "h"], "s2": ["a", "b", "c"]])
        let copy = ArticleFingerprint(paragraphs: ["a", "b", "c"].map(paragraph))
        let decision = StoryMatcher().decide(copy, candidates: index.candidates(for: copy))
        #expect(decision == .join(storyID: "s2", containment: 1.0, related: ["s1"]))
    }

    @Test("an article with no fingerprintable paragraph starts its own story")
    func emptyFingerprintIsNew() {
        let index = index(["s1": ["a", "b"]])
        let empty = ArticleFingerprint(paragraphs: ["Short.", "Also short."])
        #expect(StoryMatcher().decide(empty, candidates: index.candidates(for: empty)) == .newStory(related: []))
    }
}
