import Foundation
import NewsdDedupe
import Testing

@Suite("Index snapshot")
struct IndexSnapshotTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "newsd-snapshot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private var path: String { directory + "/dedupe-index.bin" }

    /// Stories 0..<12 of six paragraphs, a copy of some, and story 3 folded into story 2 (a bridge).
    private func builtIndex() -> StoryIndex {
        var index = StoryIndex()
        for seed in 0..<12 {
            index.insert(DocumentSketch(paragraphs: TestText.story(seed, paragraphs: 6)), storyID: "s\(seed)",
                         time: Double(seed))
        }
        for seed in [1, 4, 7] {
            index.insert(DocumentSketch(paragraphs: Array(TestText.story(seed, paragraphs: 6).prefix(4))),
                         storyID: "s\(seed)", time: 20 + Double(seed))
        }
        index.merge("s3", into: "s2")
        return index
    }

    private func queries() -> [DocumentSketch] {
        (0..<14).map { seed in
            DocumentSketch(paragraphs: Array(TestText.story(seed, paragraphs: 6).suffix(3)) + [TestText.paragraph(99, seed)])
        }
    }

    @Test("a snapshot reloads to an index that answers exactly as the one inserted document by document")
    func roundTrip() throws {
        let original = builtIndex()
        try original.writeSnapshot(to: path, covering: 42)
        let (loaded, seq) = try StoryIndex.loadSnapshot(from: path)
        #expect(seq == 42)
        #expect(loaded.documentCount == original.documentCount)
        #expect(loaded.storyCount == original.storyCount)
        #expect(loaded.resolve("s3") == "s2")
        for query in queries() {
            #expect(loaded.matches(for: query) == original.matches(for: query))
        }
    }

    @Test("a reloaded index keeps growing as the original would")
    func insertAfterReload() throws {
        var original = builtIndex()
        try original.writeSnapshot(to: path, covering: 1)
        var loaded = try StoryIndex.loadSnapshot(from: path).index
        let late = DocumentSketch(paragraphs: TestText.story(5, paragraphs: 6).suffix(2) + TestText.story(50, paragraphs: 4))
        original.insert(late, storyID: "s5", time: 40)
        loaded.insert(late, storyID: "s5", time: 40)
        let query = DocumentSketch(paragraphs: TestText.story(50, paragraphs: 4))
        #expect(loaded.matches(for: query) == original.matches(for: query))
        #expect(loaded.matches(for: query).first?.storyID == "s5")
    }

    /// Why loading the snapshot failed, or `nil` when it loaded.
    private func refusal(policy: DedupePolicy = DedupePolicy()) -> IndexSnapshotError.Kind? {
        do {
            _ = try StoryIndex.loadSnapshot(from: path, policy: policy)
            return nil
        } catch {
            return error.kind
        }
    }

    private func isUnusable(_ kind: IndexSnapshotError.Kind?) -> Bool {
        if case .unusable = kind { return true }
        return false
    }

    @Test("a missing snapshot is reported as missing")
    func missing() {
        #expect(refusal() == .missing)
    }

    @Test("a damaged byte, a truncated file and another policy's snapshot are refused, never used")
    func damagedIsRefused() throws {
        try builtIndex().writeSnapshot(to: path, covering: 7)
        let intact = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var flipped = intact
        flipped[flipped.count / 2] ^= 0x40
        try Data(flipped).write(to: URL(fileURLWithPath: path))
        #expect(isUnusable(refusal()))
        try Data(intact.prefix(intact.count - 3)).write(to: URL(fileURLWithPath: path))
        #expect(isUnusable(refusal()))
        try Data(intact).write(to: URL(fileURLWithPath: path))
        #expect(isUnusable(refusal(policy: DedupePolicy(boilerplateStories: 3))))
        #expect(refusal() == nil)
    }

    @Test("writing replaces the snapshot whole and leaves no temporary file")
    func atomicReplace() throws {
        try builtIndex().writeSnapshot(to: path, covering: 1)
        try StoryIndex().writeSnapshot(to: path, covering: 2)
        #expect(try StoryIndex.loadSnapshot(from: path).seq == 2)
        #expect(try StoryIndex.loadSnapshot(from: path).index.documentCount == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["dedupe-index.bin"])
    }
}
