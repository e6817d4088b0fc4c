import ArgumentParser
import Foundation
import NewsdDedupe

struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cluster a corpus of articles into stories, through the daemon's own index and matcher.",
        discussion: """
            Reads JSON lines with `id` and `paragraphs` (optional `title`, `outlet`, `ts`) in file order and prints \
            one `{"id": …, "cluster": …}` line per document; a cluster is named after its first document. When a \
            later document bridges two clusters, both end under one name: the output is written once the whole \
            corpus is read. Prints `dedupe_seconds=` and `docs_per_second=` on stderr (matching alone, no I/O).
            """
    )

    @Option(name: .long, help: "A JSON-lines corpus file.")
    var corpus: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: corpus) else {
            throw fail("cannot read \(corpus): check the path and permissions")
        }
        var index = StoryIndex()
        let matcher = StoryMatcher()
        var assigned: [(id: String, story: String)] = []
        var seconds: Double = 0
        var lineNumber = 0
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { continue }
            guard let document = try? decoder.decode(CorpusDocument.self, from: Data(line)) else {
                throw fail(
                    "\(corpus):\(lineNumber): expected a JSON object with `id` and `paragraphs` (a list of strings)"
                )
            }
            let start = ContinuousClock.now
            let sketch = DocumentSketch(paragraphs: document.paragraphs)
            let decision = matcher.decide(index.matches(for: sketch))
            let story = matcher.record(sketch, decision: decision, newStoryID: document.id,
                                       time: Double(lineNumber), in: &index)
            seconds += (ContinuousClock.now - start) / .seconds(1)
            assigned.append((document.id, story))
        }
        var output = ""
        output.reserveCapacity(assigned.count * 48)
        for (id, story) in assigned {
            output += "{\"cluster\":\(Self.quoted(index.resolve(story))),\"id\":\(Self.quoted(id))}\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        let rate = seconds > 0 ? Double(assigned.count) / seconds : 0
        FileHandle.standardError.write(Data(
            "dedupe_seconds=\(seconds) docs_per_second=\(Int(rate)) docs=\(assigned.count)\n".utf8))
    }

    private static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// One line of a dedupe corpus. `id` may be a string or a number in the file.
private struct CorpusDocument: Decodable {
    var id: String
    var paragraphs: [String]

    private enum CodingKeys: String, CodingKey { case id, paragraphs }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try? container.decode(String.self, forKey: .id) {
            id = text
        } else {
            id = String(try container.decode(Int.self, forKey: .id))
        }
        paragraphs = try container.decode([String].self, forKey: .paragraphs)
    }
}
