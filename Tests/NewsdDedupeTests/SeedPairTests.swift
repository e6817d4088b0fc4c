import Foundation
import NewsdDedupe
import Testing

/// The project's origin texts: seeds 000 and 001 report the same event and share a paragraph, yet are separate
/// write-ups. They must never merge.
@Suite("Seed texts")
struct SeedPairTests {
    private static let seeds = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/seeds")

    private static func paragraphs(_ prefix: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path)
        let name = try #require(names.first { $0.hasPrefix(prefix) && $0.hasSuffix(".body.txt") })
        let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
        return text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    @Test("seeds 000 and 001 share a paragraph but stay two stories",
          .enabled(if: FileManager.default.fileExists(atPath: seeds.path), "../shared/seeds is not beside the checkout"))
    func seedPairStaysApart() throws {
        var index = StoryIndex()
        index.insert(DocumentSketch(paragraphs: try Self.paragraphs("000_")), storyID: "seed-000", time: 0)
        let second = DocumentSketch(paragraphs: try Self.paragraphs("001_"))
        let decision = StoryMatcher().decide(index.matches(for: second))
        guard case .newStory = decision else {
            Issue.record("seed 001 merged into seed 000: \(decision)")
            return
        }
    }
}
