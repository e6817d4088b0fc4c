import Foundation
import Glibc
@testable import NewsdSpool

/// A fresh directory under the system temporary directory, removed when the body returns.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("newsd-spool-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// `path` with every symbolic link resolved, as `/proc/self/fd` reports open directories.
func realPath(_ path: String) throws -> String {
    guard let resolved = realpath(path, nil) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// The paths of the directories a writer flushed, in order, recorded through its `FileSink`.
final class SyncLog: @unchecked Sendable {
    private let lock = NSLock()
    private var synced: [String] = []

    /// A sink that really writes and syncs, recording each directory it syncs.
    func sink() -> FileSink {
        FileSink(
            write: FileSink.system.write,
            sync: { descriptor in
                var status = stat()
                if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                    let link = "/proc/self/fd/\(descriptor)"
                    let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) ?? "?"
                    self.lock.withLock { self.synced.append(path) }
                }
                return FileSink.system.sync(descriptor)
            }
        )
    }

    var paths: [String] { lock.withLock { synced } }
}

/// A `dirent` holding one name, for feeding a directory listing by hand.
struct DirectoryEntry {
    let pointer: UnsafeMutablePointer<dirent>

    init(name: String) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: dirent())
        withUnsafeMutableBytes(of: &pointer.pointee.d_name) { buffer in
            let bytes = Array(name.utf8.prefix(buffer.count - 1)) + [0]
            buffer.copyBytes(from: bytes)
        }
    }

    func deallocate() {
        pointer.deallocate()
    }
}

/// Names of the entries of a directory, sorted.
func entries(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
}

/// The bytes of a file.
func contents(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

enum Sample {
    /// 2026-11-23T10:31:28Z
    static let writtenAt = Date(timeIntervalSince1970: 1_795_429_888)

    static func record(
        storyID: String = "s-4f2a9c",
        revision: Int = 1,
        supersedes: String? = nil,
        writtenAt: Date = Sample.writtenAt
    ) -> StoryRecord {
        StoryRecord(
            storyID: storyID,
            revision: revision,
            supersedes: supersedes,
            writtenAt: writtenAt,
            title: "Harbour bridge reopens after repairs",
            byline: "A. Writer",
            published: Date(timeIntervalSince1970: 1_795_425_000),
            canonicalURL: "https://news.example/2026/11/bridge",
            source: "example-news",
            language: "en",
            paragraphs: ["The bridge reopened on Monday.", "Repairs took six weeks."],
            captions: ["The bridge at dawn."],
            copies: [
                StoryCopy(
                    url: "https://news.example/2026/11/bridge",
                    source: "example-news",
                    title: "Harbour bridge reopens after repairs",
                    itemID: "https://news.example/2026/11/bridge",
                    published: Date(timeIntervalSince1970: 1_795_425_000),
                    fetchedAt: Date(timeIntervalSince1970: 1_795_429_800),
                    paragraphCount: 2,
                    sharedParagraphs: 2
                ),
            ],
            related: ["s-77aa01"]
        )
    }

    /// A record with every optional field absent.
    static func sparseRecord() -> StoryRecord {
        StoryRecord(
            storyID: "s-0001",
            revision: 1,
            supersedes: nil,
            writtenAt: writtenAt,
            title: "Untitled",
            byline: nil,
            published: nil,
            canonicalURL: "https://wire.example/a",
            source: "wire",
            language: nil,
            paragraphs: ["Only paragraph."],
            captions: [],
            copies: [
                StoryCopy(
                    url: "https://wire.example/a", source: "wire", title: nil, itemID: "a", published: nil,
                    fetchedAt: writtenAt, paragraphCount: 1, sharedParagraphs: 1
                ),
            ],
            related: []
        )
    }
}
