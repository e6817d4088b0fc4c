import ArgumentParser
import Foundation
import NewsdDedupe

struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cluster a corpus of articles into stories, through the daemon's own matcher.",
        discussion: """
            Reads JSON lines with `id` and `paragraphs` (optional `title`, `outlet`, `ts`) in file order and prints \
            one `{"id": …, "cluster": …}` line per document; a cluster is named after its first document.
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
        var output = ""
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let id = object["id"].map({ "\($0)" }),
                  let paragraphs = object["paragraphs"] as? [String]
            else {
                throw fail(
                    "\(corpus):\(lineNumber): expected a JSON object with `id` and `paragraphs` (a list of strings)"
                )
            }
            let fingerprint = ArticleFingerprint(paragraphs: paragraphs)
            let cluster: String
            switch matcher.decide(fingerprint, candidates: index.candidates(for: fingerprint)) {
            case .join(let storyID, _, _):
                cluster = storyID
            case .newStory:
                cluster = id
            }
            index.insert(storyID: cluster, hashes: fingerprint.paragraphHashes)
            let encoded = try JSONSerialization.data(withJSONObject: ["id": id, "cluster": cluster],
                                                     options: [.sortedKeys])
            output += String(decoding: encoded, as: UTF8.self) + "\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
