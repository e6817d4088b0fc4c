import ArgumentParser
import Foundation
import NewsdDedupe
import NewsdSpool
import NewsdState

struct Story: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a story: its copies, why each joined, what each shares, adds and lacks, and its links.",
        discussion: """
            Reads the story's latest record from the state database (works while newsd runs). A story folded into \
            another by a bridging copy is shown as the story it became.
            """
    )

    @Argument(help: "A story id, as in a record's story_id.")
    var storyID: String

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let configuration = try loadConfiguration(options)
        guard FileManager.default.fileExists(atPath: StateStore.databasePath(in: configuration.stateDirectory)) else {
            throw fail("no state in \(configuration.stateDirectory): newsd has not run with this state directory yet")
        }
        do {
            let state = try StateStore(directory: configuration.stateDirectory)
            var id = storyID
            while let stored = try state.story(id: id), let survivor = stored.mergedInto {
                print("\(id) was folded into \(survivor) by a bridging copy")
                id = survivor
            }
            guard let stored = try state.story(id: id) else {
                throw fail("no story \(storyID) in \(configuration.stateDirectory): check the id (a record's story_id)")
            }
            let record = try StoryRecord.decode(from: stored.record)
            print(StoryExplanation(record: record, related: try record.related.compactMap { related in
                try state.story(id: related).flatMap { try? StoryRecord.decode(from: $0.record) }
            }).text)
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}

/// The words `newsd story` prints for one record.
struct StoryExplanation {
    var record: StoryRecord
    var related: [StoryRecord]

    var text: String {
        var lines = [
            "story \(record.storyID) r\(record.revision): \(record.title)",
            "  text from \(record.source) \(record.canonicalURL) (\(record.paragraphs.count) paragraphs)",
        ]
        for merged in record.mergedStories {
            lines.append("  folded in story \(merged.storyID) (its last record r\(merged.revision): \(merged.record))")
        }
        for (number, copy) in record.copies.enumerated() {
            let published = copy.published.map { $0.formatted(.iso8601) } ?? "-"
            lines.append("  copy \(number + 1): \(copy.source) \(copy.url)")
            lines.append("    title \(copy.title ?? "-"); published \(published); fetched \(copy.fetchedAt.formatted(.iso8601))")
            guard let match = copy.match else {
                lines.append("    started the story (\(copy.paragraphCount) paragraphs)")
                continue
            }
            lines.append("    joined: containment \(match.containment), \(match.sharedShingles) shared sampled shingles "
                + "(copy \(match.copyShingles), closest copy in story \(match.storyShingles))"
                + (match.bridged.isEmpty ? "" : "; bridged \(match.bridged.joined(separator: ", "))"))
            lines.append("    paragraphs: shares \(Self.list(copy.sharesParagraphs)), adds \(Self.list(copy.addsParagraphs)), "
                + "lacks \(Self.list(copy.lacksParagraphs)) of the story text then")
        }
        for other in related {
            var index = StoryIndex()
            index.insert(DocumentSketch(paragraphs: other.paragraphs), storyID: other.storyID, time: 0)
            let evidence = index.matches(for: DocumentSketch(paragraphs: record.paragraphs)).first?.evidence
            let overlap = ParagraphOverlap(copy: record.paragraphs, story: other.paragraphs)
            lines.append("  related \(other.storyID): \(other.title)")
            if let evidence {
                lines.append("    \(evidence.shared) shared sampled shingles, containment \(Self.round(evidence.containment)); "
                    + "shared text starts at \(Self.round(evidence.incomingStart)) of this story and "
                    + "\(Self.round(evidence.indexedStart)) of that one: a shared passage, not a copy")
            }
            lines.append("    paragraphs of this story found there: \(Self.list(overlap.shares))")
        }
        return lines.joined(separator: "\n")
    }

    private static func list(_ indices: [Int]) -> String {
        indices.isEmpty ? "none" : indices.map { "#\($0 + 1)" }.joined(separator: " ")
    }

    private static func round(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
