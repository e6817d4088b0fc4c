import Foundation
import Glibc
import NewsdFetch
import NewsdTestSupport

/// A fetcher whose log entries land in `logs`.
func makeFetcher(logs: RecordedLogs = RecordedLogs()) -> Fetcher {
    Fetcher(logger: logs.makeLogger(label: "NewsdFetchTests"))
}

/// A file under a fresh temporary directory, removed by `remove()`.
struct TemporaryFile {
    let directory: URL
    let path: String

    init(named name: String, contents: [UInt8]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(name).path
        try Data(contents).write(to: URL(fileURLWithPath: path))
    }

    var url: String {
        "file://" + path
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// `gzip -9n` of `gzipFixturePlainText`, made once with the gzip CLI and inlined so the test needs no zlib binding.
let gzipFixture: [UInt8] = [
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x4b, 0x2d, 0x2f, 0x4e, 0x51, 0x48, 0xaf, 0xca,
    0x2c, 0x50, 0x48, 0xcb, 0xac, 0x28, 0x29, 0x2d, 0x4a, 0xb5, 0x52, 0x28, 0xc9, 0x48, 0x55, 0x28, 0x2c, 0xcd, 0x4c,
    0xce, 0x56, 0x48, 0x2a, 0xca, 0x2f, 0xcf, 0x53, 0x48, 0xcb, 0xaf, 0x50, 0xc8, 0x2a, 0xcd, 0x2d, 0x28, 0x56, 0xc8,
    0x2f, 0x4b, 0x2d, 0x02, 0x4b, 0xe7, 0x24, 0x56, 0x55, 0x2a, 0xa4, 0xe4, 0xa7, 0xeb, 0x91, 0xa4, 0x98, 0x0b, 0x00,
    0xee, 0xf9, 0x00, 0x46, 0x6e, 0x00, 0x00, 0x00,
]

/// What `gzipFixture` decompresses to.
let gzipFixturePlainText =
    "newsd gzip fixture: the quick brown fox jumps over the lazy dog. the quick brown fox jumps over the lazy dog.\n"

/// Runs `count` blocking jobs, each on its own thread so they really overlap, and returns their results in index
/// order once all have finished.
func concurrentResults<Value: Sendable>(count: Int, _ job: @escaping @Sendable (Int) -> Value) -> [Value] {
    let results = IndexedResults<Value>()
    for index in 0..<count {
        Thread { results.store(job(index), at: index) }.start()
    }
    return results.waitForAll(count: count)
}

/// Results written from several threads, read once they are all in.
private final class IndexedResults<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [Int: Value] = [:]

    func store(_ value: Value, at index: Int) {
        condition.lock()
        values[index] = value
        condition.broadcast()
        condition.unlock()
    }

    func waitForAll(count: Int) -> [Value] {
        condition.lock()
        defer { condition.unlock() }
        while values.count < count {
            condition.wait()
        }
        return values.sorted { $0.key < $1.key }.map(\.value)
    }
}

/// Lets concurrent handlers wait for each other.
final class ArrivalCounter: @unchecked Sendable {
    private let condition = NSCondition()
    private var arrived = 0

    func arriveAndWait(forTotal total: Int, timeout: TimeInterval) {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while arrived < total, condition.wait(until: deadline) {}
    }
}
