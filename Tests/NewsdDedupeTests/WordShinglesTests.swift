import NewsdDedupe
import Testing

@Suite("Normalisation and shingles")
struct WordShinglesTests {
    @Test("normalisation ignores case, quotes, dashes and spacing")
    func normalisationFoldsTypography() {
        let curly = ParagraphFingerprint.normalize("“We will act,” said Price — firmly.  Don’t wait.")
        let plain = ParagraphFingerprint.normalize("\"we WILL act\" said price - firmly. Dont wait.")
        #expect(curly == plain)
        #expect(curly == "we will act said price firmly dont wait")
    }

    @Test("the paragraph hash is FNV-1a 64 and the same in every process")
    func paragraphHashIsFixed() {
        #expect(ParagraphFingerprint.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(ParagraphFingerprint.hash("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test("shingle hashes are fixed values, not Swift's per-process seeded hash")
    func shingleHashIsFixed() {
        #expect(WordShingles.hashes(["one two three four five"]) == [0x27a6_4211_5206_0a2d])
    }

    @Test("a text of n words has n - 4 five-word shingles; a shorter one has one")
    func shingleCount() {
        #expect(WordShingles.hashes(["a b c d e f g"]).count == 3)
        #expect(WordShingles.hashes(["a b c"]).count == 1)
        #expect(WordShingles.hashes([]).isEmpty)
    }

    @Test("re-wrapping the text into other paragraphs does not change its shingles")
    func rewrappingIsInvisible() {
        let text = TestText.story(1, paragraphs: 4)
        let words = text.joined(separator: " ").split(separator: " ")
        let rewrapped = [words[0..<25], words[25..<90], words[90...]].map { $0.joined(separator: " ") }
        #expect(WordShingles.hashes(text) == WordShingles.hashes(rewrapped))
        #expect(DocumentSketch(paragraphs: text) == DocumentSketch(paragraphs: rewrapped))
    }

    @Test("typography differences do not change shingles")
    func typographyIsInvisible() {
        #expect(WordShingles.hashes(["“Don’t stop,” she said — twice."])
            == WordShingles.hashes(["\"DONT   stop\" she said - twice"]))
    }

    @Test("the sketch keeps about one shingle in four, distinct, as the high halves of their hashes, in order")
    func sketchSamples() {
        let text = TestText.story(2, paragraphs: 10)
        let all = WordShingles.hashes(text)
        let sketch = DocumentSketch(paragraphs: text)
        let expected = all.filter { $0 % 4 == 0 }.map { UInt32($0 >> 32) }
        #expect(sketch.samples == expected.reduce(into: [UInt32]()) { kept, key in
            if !kept.contains(key) { kept.append(key) }
        })
        #expect(sketch.samples.count > all.count / 8 && sketch.samples.count < all.count / 2)
        #expect(sketch.wordCount == 400)
    }
}

@Suite("Paragraph provenance")
struct ParagraphOverlapTests {
    @Test("a copy's paragraphs are split into shared and added; the story's missing ones are lacking")
    func sharesAddsLacks() {
        let story = TestText.story(3, paragraphs: 5)
        let copy = [story[0], TestText.paragraph(99, 0), story[1], story[2]]
        let overlap = ParagraphOverlap(copy: copy, story: story)
        #expect(overlap == ParagraphOverlap(shares: [0, 2, 3], adds: [1], lacks: [3, 4]))
    }

    @Test("a paragraph re-wrapped into two still counts as shared")
    func rewrappedParagraphIsShared() {
        let story = TestText.story(4, paragraphs: 3)
        let words = story[1].split(separator: " ")
        let copy = [story[0], words[..<20].joined(separator: " "), words[20...].joined(separator: " "), story[2]]
        let overlap = ParagraphOverlap(copy: copy, story: story)
        #expect(overlap.adds.isEmpty)
        #expect(overlap.lacks.isEmpty)
    }
}

@Suite("Word hashing")
struct WordHashingTests {
    @Test("word hashes are the FNV-1a hashes of the words of the normalised text",
          arguments: [
              "“We will act,” said Price — firmly.  Don’t wait.",
              "São Paulo: Über-Straße 3½ km, ÉCOLE été 2024; naïve café!",
              "Москва — ОДИН два. 東京 は 大きい",
              "tabs\tand\nnewlines  and 'quoted' words",
          ])
    func wordHashesMatchNormalisation(_ text: String) {
        let expected = ParagraphFingerprint.normalize(text).split(separator: " ")
            .map { ParagraphFingerprint.hash(String($0)) }
        #expect(WordShingles.wordHashes([text]) == expected)
    }
}
