import NewsdDedupe
import Testing

/// Each merge rule, on generated text: what must join, what must stay apart, and what becomes related.
@Suite("Merge rules")
struct MergeRuleTests {
    private let matcher = StoryMatcher()

    /// Indexes `stories` in order (each its own story, named by key) and decides for `incoming`.
    private func decide(_ incoming: [String], after stories: [(String, [String])]) -> MatchDecision {
        var index = StoryIndex()
        for (offset, (id, text)) in stories.enumerated() {
            let sketch = DocumentSketch(paragraphs: text)
            matcher.record(sketch, decision: matcher.decide(index.matches(for: sketch)), newStoryID: id,
                           time: Double(offset), in: &index)
        }
        return matcher.decide(index.matches(for: DocumentSketch(paragraphs: incoming)))
    }

    private let original = TestText.story(10, paragraphs: 12)

    @Test("a late copy with a dateline, a new headline line and a footer joins the original")
    func lateCopyJoins() {
        let copy = ["WASHINGTON (AP) —"] + original + ["Sign up for our morning newsletter to get the news."]
        #expect(decide(copy, after: [("s1", original)]) == .join(storyID: "s1", merging: [], related: []))
    }

    @Test("an early copy, trimmed to its first half, is joined by the full original arriving later")
    func earlyCopyIsJoinedByOriginal() {
        let early = Array(original.prefix(6))
        #expect(decide(original, after: [("early", early)]) == .join(storyID: "early", merging: [], related: []))
    }

    @Test("a copy trimmed to its first third joins")
    func trimmedCopyJoins() {
        #expect(decide(Array(original.prefix(4)), after: [("s1", original)])
            == .join(storyID: "s1", merging: [], related: []))
    }

    @Test("a copy re-wrapped into other paragraphs, with retyped quotes and an inserted line, joins")
    func rewrappedCopyJoins() {
        let words = original.joined(separator: " ").split(separator: " ")
        var copy = stride(from: 0, to: words.count, by: 70).map {
            words[$0..<min(words.count, $0 + 70)].joined(separator: " ").uppercased()
        }
        copy.insert("Editor's note: this story has been updated.", at: 2)
        #expect(decide(copy, after: [("s1", original)]) == .join(storyID: "s1", merging: [], related: []))
    }

    @Test("a different write-up sharing one quoted paragraph stays apart and is related")
    func sharedQuoteStaysApart() {
        var other = TestText.story(11, paragraphs: 8)
        other.insert(original[3], at: 2)
        #expect(decide(other, after: [("s1", original)]) == .newStory(related: ["s1"]))
    }

    @Test("a follow-up that repeats two background paragraphs but adds much new text stays apart")
    func followUpStaysApart() {
        let followUp = TestText.story(12, paragraphs: 7) + [original[10], original[11]]
        #expect(decide(followUp, after: [("s1", original)]) == .newStory(related: ["s1"]))
    }

    @Test("a short brief that is mostly one paragraph from deep in a story stays apart")
    func briefStaysApart() {
        let brief = [TestText.paragraph(13, 0, words: 15), original[8], TestText.paragraph(13, 1, words: 15)]
        #expect(decide(brief, after: [("s1", original)]) == .newStory(related: ["s1"]))
    }

    @Test("an unrelated story is neither joined nor related")
    func unrelatedIsNew() {
        #expect(decide(TestText.story(14, paragraphs: 10), after: [("s1", original)]) == .newStory(related: []))
    }

    @Test("a copy of two stories that do not match each other bridges them into one story")
    func bridgingCopyMergesStories() {
        // Two outlets cut the wire story differently and padded it with local text: each is a copy of the full
        // story, but the two share only the lead, so they start apart (related) until the full text arrives.
        let first = Array(original[0..<5]) + TestText.story(16, paragraphs: 4)
        let second = [original[0]] + Array(original[5..<10]) + TestText.story(17, paragraphs: 3)
        #expect(decide(second, after: [("a", first)]) == .newStory(related: ["a"]))
        let decision = decide(original, after: [("a", first), ("b", second)])
        guard case .join(let survivor, let merging, _) = decision else {
            Issue.record("expected a join, got \(decision)")
            return
        }
        #expect(Set([survivor] + merging) == ["a", "b"])
    }

    @Test("a bridged story's name resolves to the survivor afterwards")
    func bridgedNameResolves() {
        var index = StoryIndex()
        index.insert(DocumentSketch(paragraphs: original), storyID: "a", time: 0)
        index.insert(DocumentSketch(paragraphs: TestText.story(15, paragraphs: 5)), storyID: "b", time: 0)
        index.merge("b", into: "a")
        #expect(index.resolve("b") == "a")
        #expect(index.storyCount == 1)
        let match = index.matches(for: DocumentSketch(paragraphs: TestText.story(15, paragraphs: 5)))
        #expect(match.map(\.storyID) == ["a"])
    }
}

@Suite("Story index")
struct StoryIndexTests {
    @Test("an indexed story is found again with full containment")
    func findsItself() throws {
        var index = StoryIndex()
        let text = TestText.story(20, paragraphs: 6)
        index.insert(DocumentSketch(paragraphs: text), storyID: "s1", time: 0)
        let match = try #require(index.matches(for: DocumentSketch(paragraphs: text)).first)
        #expect(match.storyID == "s1" && match.isCopy)
        #expect(match.evidence.containment == 1)
        #expect(match.evidence.incomingStart == 0 && match.evidence.indexedStart == 0)
    }

    @Test("text shared by more stories than the boilerplate limit is ignored")
    func boilerplateIsIgnored() {
        var index = StoryIndex(policy: DedupePolicy(boilerplateStories: 3))
        let footer = TestText.paragraph(21, 0, words: 60)
        for story in 0..<5 {
            index.insert(DocumentSketch(paragraphs: [TestText.paragraph(22 + story, 0), footer]),
                         storyID: "s\(story)", time: 0)
        }
        let matches = index.matches(for: DocumentSketch(paragraphs: [TestText.paragraph(40, 0), footer]))
        #expect(matches.isEmpty)
    }

    @Test("documents older than the expiry horizon are no longer matched")
    func expiredDocumentsAreIgnored() {
        var index = StoryIndex()
        let text = TestText.story(30, paragraphs: 5)
        index.insert(DocumentSketch(paragraphs: text), storyID: "old", time: 100)
        index.insert(DocumentSketch(paragraphs: TestText.story(31, paragraphs: 5)), storyID: "new", time: 300)
        index.expire(before: 200)
        #expect(index.matches(for: DocumentSketch(paragraphs: text)).isEmpty)
        #expect(index.matches(for: DocumentSketch(paragraphs: TestText.story(31, paragraphs: 5))).count == 1)
    }

    @Test("an empty text matches nothing")
    func emptyMatchesNothing() {
        var index = StoryIndex()
        index.insert(DocumentSketch(paragraphs: TestText.story(32, paragraphs: 3)), storyID: "s1", time: 0)
        #expect(index.matches(for: DocumentSketch(paragraphs: [])).isEmpty)
    }
}

@Suite("Index reload")
struct IndexReloadTests {
    @Test("an index rebuilt in bulk from stored documents matches like the one built by inserting")
    func bulkRebuildEqualsInserting() {
        let matcher = StoryMatcher()
        var inserted = StoryIndex()
        var stored: [(DocumentSketch, String, Double)] = []
        let texts = (0..<30).map { TestText.story(50 + $0 % 10, paragraphs: 4 + $0 % 5) }
        for (offset, text) in texts.enumerated() {
            let sketch = DocumentSketch(paragraphs: text)
            let story = matcher.record(sketch, decision: matcher.decide(inserted.matches(for: sketch)),
                                       newStoryID: "s\(offset)", time: Double(offset), in: &inserted)
            stored.append((sketch, story, Double(offset)))
        }
        let rebuilt = StoryIndex.rebuilt(expectedDocuments: stored.count) { add in
            for (sketch, story, time) in stored { add(sketch, inserted.resolve(story), time) }
        }
        #expect(rebuilt.documentCount == inserted.documentCount)
        #expect(rebuilt.storyCount == inserted.storyCount)
        for text in texts + [TestText.story(99, paragraphs: 6)] {
            let probe = DocumentSketch(paragraphs: text)
            #expect(rebuilt.matches(for: probe) == inserted.matches(for: probe))
        }
    }
}
