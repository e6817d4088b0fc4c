import Foundation
@testable import NewsdState

/// A fresh directory under the system temporary directory, removed when the body returns.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("newsd-state-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A store in a fresh temporary directory.
func withStore<Result>(_ body: (StateStore, String) throws -> Result) throws -> Result {
    try withTemporaryDirectory { directory in
        try body(try StateStore(directory: directory), directory)
    }
}

let noon = Date(timeIntervalSince1970: 1_795_435_200)

/// The dedupe documents a store holds, in commit order: the story each belongs to now, and its samples.
func indexedDocuments(_ store: StateStore) throws -> [(story: String, samples: [UInt32])] {
    var documents: [(story: String, samples: [UInt32])] = []
    try store.forEachDedupeDocument(since: .distantPast) { documents.append(($0.storyID, $0.samples)) }
    return documents
}

/// A commit for a new story or a revision, with defaults for everything a test does not care about.
func ingest(
    source: String = "wire",
    item: String,
    story: String,
    revision: Int = 1,
    file: String? = nil,
    samples: [UInt32] = [],
    merging: [String] = [],
    at date: Date = noon
) -> IngestCommit {
    IngestCommit(
        source: source,
        itemKey: item,
        storyID: story,
        revision: revision,
        record: Array("{\"story_id\":\"\(story)\",\"revision\":\(revision)}".utf8),
        recordFileName: file ?? "1795435200000.\(story).r\(revision).json",
        paragraphCount: samples.count,
        mergedStoryIDs: merging,
        dedupeDocument: DedupeDocument(storyID: story, at: date, wordCount: samples.count * 10, samples: samples),
        at: date
    )
}
