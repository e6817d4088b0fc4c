import Dispatch
import Foundation
import NewsdExtract
import Testing

/// The shared extraction benchmark (`../shared/extraction/scrapinghub` beside the repository): 181 real article
/// pages with hand-made gold bodies, scored with that benchmark's shingle metric (``ShingleScore``).
enum ExtractionBenchmark {
    struct Page: Sendable {
        var id: String
        var html: URL
        var gold: String
        var url: String?
    }

    static let directory = SharedData.url("extraction/scrapinghub")

    static let pages: [Page] = {
        guard let json = SharedData.jsonObject("extraction/scrapinghub/ground-truth.json") else { return [] }
        return json.keys.sorted().compactMap { id in
            guard let entry = json[id] as? [String: Any], let gold = entry["articleBody"] as? String else { return nil }
            return Page(id: id, html: directory.appendingPathComponent("html/\(id).html.gz"), gold: gold,
                        url: entry["url"] as? String)
        }
    }()

    static var isAvailable: Bool {
        !pages.isEmpty && FileManager.default.isExecutableFile(atPath: gzip)
    }

    static let gzip = "/bin/gzip"

    /// The page's bytes, decompressed by `gzip -dc`.
    static func bytes(of page: Page) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-dc", page.html.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }
}

/// The benchmark's metric, re-implemented: each text becomes a multiset of 4-word shingles (words are runs of
/// letters, digits and `_`); per page, true positives are the shingles both share, and precision and recall come
/// from counts normalised to sum 1; precision and recall are averaged over pages and F1 is taken of the averages.
struct ShingleScore {
    private(set) var precisions: [Double] = []
    private(set) var recalls: [Double] = []

    var precision: Double { precisions.isEmpty ? 0 : precisions.reduce(0, +) / Double(precisions.count) }
    var recall: Double { recalls.isEmpty ? 0 : recalls.reduce(0, +) / Double(recalls.count) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    mutating func add(gold: String, predicted: String) {
        let goldShingles = Self.shingles(gold)
        let predictedShingles = Self.shingles(predicted)
        var truePositives = 0
        var falsePositives = 0
        for (shingle, count) in predictedShingles {
            let common = min(count, goldShingles[shingle, default: 0])
            truePositives += common
            falsePositives += count - common
        }
        let falseNegatives = goldShingles.values.reduce(0, +) - truePositives
        let total = Double(truePositives + falsePositives + falseNegatives)
        guard total > 0 else { return }
        let (tp, fp, fn) = (Double(truePositives) / total, Double(falsePositives) / total,
                            Double(falseNegatives) / total)
        let perfect = fp == 0 && fn == 0
        if tp + fp > 0 { precisions.append(perfect ? 1 : tp / (tp + fp)) }
        if tp + fn > 0 { recalls.append(perfect ? 1 : tp / (tp + fn)) }
    }

    static func shingles(_ text: String) -> [[Substring]: Int] {
        let words = text.split { !($0.isLetter || $0.isNumber || $0 == "_") }
        guard !words.isEmpty else { return [:] }
        guard words.count >= 4 else { return [Array(words): 1] }
        var result: [[Substring]: Int] = [:]
        for start in 0...(words.count - 4) {
            result[Array(words[start..<start + 4]), default: 0] += 1
        }
        return result
    }
}

@Suite("Extraction quality on the shared benchmark", .enabled(if: ExtractionBenchmark.isAvailable,
       "needs ../shared/extraction/scrapinghub beside the repository"))
struct ExtractionQualityTests {
    /// The F1 newsd reached when this test was last raised (0.9785 by the harness: 0.9769 and 0.9800 on the two
    /// halves `scripts/extract-halves` splits the set into), less a margin for this re-implementation, which
    /// splits words on Unicode letters rather than Python's `\w`.
    static let pinnedF1 = 0.977

    @Test("F1 over the 181 benchmark pages stays at the level reached")
    func benchmarkF1() throws {
        let pages = ExtractionBenchmark.pages
        let extractor = ArticleExtractor()
        let bodies = Bodies(count: pages.count)
        DispatchQueue.concurrentPerform(iterations: pages.count) { index in
            let page = pages[index]
            let body = (try? ExtractionBenchmark.bytes(of: page)).flatMap { bytes in
                try? extractor.extract(html: bytes, url: page.url, charset: nil).paragraphs.joined(separator: "\n\n")
            }
            bodies.set(index, body ?? "")
        }
        var score = ShingleScore()
        for (index, page) in pages.enumerated() {
            score.add(gold: page.gold, predicted: bodies.value(index))
        }
        #expect(score.f1 >= Self.pinnedF1, "F1 \(score.f1) (P \(score.precision), R \(score.recall))")
    }
}

/// Extracted bodies written from concurrent workers, one slot each.
private final class Bodies: @unchecked Sendable {
    private var values: [String]
    private let lock = NSLock()

    init(count: Int) {
        values = Array(repeating: "", count: count)
    }

    func set(_ index: Int, _ value: String) {
        lock.withLock { values[index] = value }
    }

    func value(_ index: Int) -> String {
        lock.withLock { values[index] }
    }
}
