import ArgumentParser
import Foundation
import Logging
import NewsdDaemon
import NewsdDedupe
import NewsdState
#if canImport(Glibc)
import Glibc
#endif

struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cluster a corpus of articles into stories, through the daemon's own index and matcher.",
        discussion: """
            Reads JSON lines with `id` and `paragraphs` (optional `title`, `outlet`, `ts`) in file order and prints \
            one `{"id": …, "cluster": …}` line per document; a cluster is named after its first document. When a \
            later document bridges two clusters, both end under one name: the output is written once the whole \
            corpus is read. Prints `dedupe_seconds=` and `docs_per_second=` on stderr (matching alone, no I/O). \
            With --state, the corpus's index documents are also stored in a state database there, as the daemon \
            stores them, with an index snapshot (`dedupe-index.bin`) when the database held none before; --reload \
            then only times loading that index back as the daemon starts, through the snapshot (or, with \
            --from-table, from the database alone): `reload_seconds=`, `peak_rss_mb=`.
            """
    )

    @Option(name: .long, help: "A JSON-lines corpus file.")
    var corpus: String?

    @Option(name: .long, help: "Also store the index in a state database in this directory (created if missing).")
    var state: String?

    @Flag(help: "With --state: load the stored index and print how long it took, instead of reading a corpus.")
    var reload = false

    @Flag(name: .customLong("from-table"),
          help: "With --reload: ignore the snapshot and rebuild the index from the state database's table.")
    var fromTable = false

    func validate() throws {
        if reload, state == nil { throw ValidationError("--reload needs --state") }
        if fromTable, !reload { throw ValidationError("--from-table goes with --reload") }
        if !reload, corpus == nil { throw ValidationError("--corpus is required (or --reload with --state)") }
    }

    func run() throws {
        if reload, let state {
            try reloadIndex(from: state)
            return
        }
        guard let corpus else { return }
        guard let file = fopen(corpus, "r") else {
            throw fail("cannot read \(corpus): check the path and permissions")
        }
        defer { fclose(file) }
        var index = StoryIndex()
        let matcher = StoryMatcher()
        var assigned: [(id: String, story: String)] = []
        var stored: [DedupeDocument] = []
        var seconds: Double = 0
        var lineNumber = 0
        let decoder = JSONDecoder()
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        // Line by line, so a corpus larger than memory streams through.
        while getline(&buffer, &capacity, file) > 0, let buffer {
            lineNumber += 1
            let line = Data(bytes: buffer, count: strlen(buffer))
            guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") })
            else { continue }
            guard let document = try? decoder.decode(CorpusDocument.self, from: line) else {
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
            if state != nil {
                stored.append(DedupeDocument(storyID: story, at: Date(timeIntervalSince1970: Double(lineNumber)),
                                             wordCount: sketch.wordCount, samples: sketch.samples))
            }
        }
        var output = ""
        output.reserveCapacity(assigned.count * 48)
        for (id, story) in assigned {
            output += "{\"cluster\":\(Self.quoted(index.resolve(story))),\"id\":\(Self.quoted(id))}\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        let rate = seconds > 0 ? Double(assigned.count) / seconds : 0
        FileHandle.standardError.write(Data(
            "dedupe_seconds=\(seconds) docs_per_second=\(Int(rate)) docs=\(assigned.count) "
                .appending("peak_rss_mb=\(peakResidentMegabytes())\n").utf8))
        if let state {
            do {
                let store = try StateStore(directory: state)
                // The in-memory index holds exactly the stored rows only when the table was empty before.
                let wasEmpty = try store.latestDedupeSeq() == 0
                for start in stride(from: 0, to: stored.count, by: 50_000) {
                    let batch = stored[start..<min(stored.count, start + 50_000)]
                    try store.appendDedupeDocuments(batch.map { document in
                        var resolved = document
                        resolved.storyID = index.resolve(document.storyID)
                        return resolved
                    })
                }
                if wasEmpty {
                    try index.writeSnapshot(to: StoryDesk.snapshotPath(stateDirectory: state),
                                            covering: store.latestDedupeSeq())
                } else {
                    FileHandle.standardError.write(Data(
                        "the state database already held documents: no snapshot written (the daemon writes one)\n"
                            .utf8))
                }
            } catch {
                throw fail("\(error)")
            }
        }
    }

    private func reloadIndex(from directory: String) throws {
        let start = ContinuousClock.now
        let index: StoryIndex
        do {
            index = try StoryDesk.loadIndex(
                from: StateStore(directory: directory), since: .distantPast,
                snapshotPath: fromTable ? nil : StoryDesk.snapshotPath(stateDirectory: directory),
                logger: Logger(label: "newsd.dedupe")
            )
        } catch {
            throw fail("\(error)")
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        FileHandle.standardError.write(Data(
            "reload_seconds=\(seconds) via=\(fromTable ? "table" : "snapshot") documents=\(index.documentCount) peak_rss_mb=\(peakResidentMegabytes())\n".utf8))
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

/// The process's peak resident set size so far, in MiB (VmHWM in /proc/self/status), or -1 where unknown.
func peakResidentMegabytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kilobytes / 1024
}
