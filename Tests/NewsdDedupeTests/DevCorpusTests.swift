import Foundation
import NewsdDedupe
import Testing

/// A regression guard over the shared dev corpus (813 real article bodies with the true story of each): the same
/// index and matcher as the daemon, fed in arrival order, scored with pairwise and B-cubed F1 as
/// `../shared/dedupe/score.py` computes them. The floors sit just under what the matcher reaches today
/// (pair F1 0.9923, B-cubed F1 0.9946, no false merges).
@Suite("Dev corpus")
struct DevCorpusTests {
    private static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/dedupe/dev-corpus.jsonl")

    private struct Document: Decodable {
        var id: String
        var story_id: String
        var paragraphs: [String]
    }

    @Test("pair and B-cubed F1 stay at or above 0.99 with no false merge",
          .enabled(if: FileManager.default.fileExists(atPath: corpus.path), "../shared/dedupe is not beside the checkout"))
    func scoresHold() throws {
        let data = try Data(contentsOf: Self.corpus)
        let documents = try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(Document.self, from: Data($0))
        }
        var index = StoryIndex()
        let matcher = StoryMatcher()
        var assigned: [String] = []
        for (offset, document) in documents.enumerated() {
            let sketch = DocumentSketch(paragraphs: document.paragraphs)
            assigned.append(matcher.record(sketch, decision: matcher.decide(index.matches(for: sketch)),
                                           newStoryID: document.id, time: Double(offset), in: &index))
        }
        let predicted = assigned.map(index.resolve)
        let truth = documents.map(\.story_id)
        let score = ClusterScore(truth: truth, predicted: predicted)
        #expect(score.falseMergePairs == 0)
        #expect(score.pairF1 >= 0.992)
        #expect(score.bcubedF1 >= 0.994)
    }
}

/// Pairwise and B-cubed scores of a clustering against the truth, from the contingency table.
private struct ClusterScore {
    var pairF1: Double
    var bcubedF1: Double
    var falseMergePairs: Int

    init(truth: [String], predicted: [String]) {
        func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
        var truthSizes: [String: Int] = [:]
        var predictedSizes: [String: Int] = [:]
        var joint: [String: Int] = [:]
        for (t, p) in zip(truth, predicted) {
            truthSizes[t, default: 0] += 1
            predictedSizes[p, default: 0] += 1
            joint[t + "\u{1F}" + p, default: 0] += 1
        }
        let truePositives = joint.values.map(pairs).reduce(0, +)
        let truthPairs = truthSizes.values.map(pairs).reduce(0, +)
        let predictedPairs = predictedSizes.values.map(pairs).reduce(0, +)
        let precision = Double(truePositives) / Double(max(1, predictedPairs))
        let recall = Double(truePositives) / Double(max(1, truthPairs))
        pairF1 = 2 * precision * recall / (precision + recall)
        falseMergePairs = predictedPairs - truePositives
        var bcubedPrecision = 0.0
        var bcubedRecall = 0.0
        for (t, p) in zip(truth, predicted) {
            let shared = Double(joint[t + "\u{1F}" + p] ?? 0)
            bcubedPrecision += shared / Double(predictedSizes[p] ?? 1)
            bcubedRecall += shared / Double(truthSizes[t] ?? 1)
        }
        bcubedPrecision /= Double(truth.count)
        bcubedRecall /= Double(truth.count)
        bcubedF1 = 2 * bcubedPrecision * bcubedRecall / (bcubedPrecision + bcubedRecall)
    }
}
