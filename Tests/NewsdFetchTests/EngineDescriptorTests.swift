import Dispatch
import Foundation
@testable import NewsdFetch
import NewsdTestSupport
import Testing

@Suite("Fetch engine descriptors")
struct EngineDescriptorTests {
    @Test("after many fetches, failures included, and a shut-down, no connection of the engine is left open")
    func noDescriptorOutlivesShutDown() throws {
        let release = Gate()
        let server = try LoopbackHTTPServer { request in
            switch request.path.split(separator: "/").first.map(String.init) {
            case "slow":
                release.wait(timeout: 5)
                return HTTPTestResponse(text: "late")
            case "large":
                return HTTPTestResponse(body: [UInt8](repeating: 0x61, count: 64 * 1024))
            case "unannounced":
                return HTTPTestResponse(body: [UInt8](repeating: 0x61, count: 64 * 1024), sendsContentLength: false)
            case "moved":
                return .redirect(to: "/page", status: 301)
            default:
                return HTTPTestResponse(text: "ok")
            }
        }
        defer {
            release.open()
            server.stop()
        }
        let refusing = try RefusingLoopbackPort()
        let opened = OpenedSockets()
        let fetcher = Fetcher(logger: RecordedLogs().makeLogger(label: "test"), socketOpened: opened.record)
        let limits = FetchLimits(totalTimeout: .milliseconds(300), maxBodyBytes: 4096, hostDelay: .zero)
        let requests = (0..<8).flatMap { index in
            [
                FetchRequest(url: server.url("/page/\(index)"), allowPrivateNetworks: true, settings: limits),
                FetchRequest(url: server.url("/moved/\(index)"), allowPrivateNetworks: true, settings: limits),
                FetchRequest(url: server.url("/large/\(index)"), allowPrivateNetworks: true, settings: limits),
                FetchRequest(url: server.url("/unannounced/\(index)"), allowPrivateNetworks: true, settings: limits),
                FetchRequest(url: server.url("/slow/\(index)"), allowPrivateNetworks: true, settings: limits),
                FetchRequest(url: refusing.url("/\(index)"), allowPrivateNetworks: true, settings: limits),
                FetchRequest(url: server.url("/private/\(index)"), settings: limits),
            ]
        }

        let results = concurrentResults(count: requests.count) { index in
            Result { () throws(FetchError) in try fetcher.fetch(requests[index]) }
        }
        let closed = DispatchSemaphore(value: 0)
        fetcher.shutDown { closed.signal() }

        #expect(closed.wait(timeout: .now() + 10) == .success)
        #expect(results.filter { (try? $0.get()) != nil }.count == 16)
        #expect(opened.count >= 40)
        #expect(opened.stillOpen() == [])
    }

    @Test("a blocking fetch waiting when the engine shuts down fails with the reason, and its connection is closed")
    func waitingFetchFailsOnShutDown() throws {
        let release = Gate()
        let arrived = DispatchSemaphore(value: 0)
        let server = try LoopbackHTTPServer { _ in
            arrived.signal()
            release.wait(timeout: 5)
            return HTTPTestResponse(text: "late")
        }
        defer {
            release.open()
            server.stop()
        }
        let opened = OpenedSockets()
        let fetcher = Fetcher(logger: RecordedLogs().makeLogger(label: "test"), socketOpened: opened.record)
        let outcome = LockedResult()
        Thread {
            outcome.set(Result { () throws(FetchError) in
                try fetcher.fetch(FetchRequest(url: server.url("/"), allowPrivateNetworks: true))
            })
        }.start()
        #expect(arrived.wait(timeout: .now() + 5) == .success)

        let closed = DispatchSemaphore(value: 0)
        fetcher.shutDown { closed.signal() }

        #expect(closed.wait(timeout: .now() + 10) == .success)
        #expect(outcome.wait()?.failureDetail == "the fetcher was shut down before the fetch finished")
        #expect(opened.count == 1)
        #expect(opened.stillOpen() == [])
    }
}

/// The connection sockets an engine opened, by inode, so that a descriptor number reused by other code is not
/// mistaken for one of them.
private final class OpenedSockets: @unchecked Sendable {
    private let lock = NSLock()
    private var inodes: [UInt] = []

    func record(_ descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return }
        lock.withLock { inodes.append(UInt(status.st_ino)) }
    }

    var count: Int { lock.withLock { inodes.count } }

    /// The descriptors of `/proc/self/fd` that are still one of the recorded sockets.
    func stillOpen() -> [String] {
        let recorded = Set(lock.withLock { inodes }.map { "socket:[\($0)]" })
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.filter { entry in
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + entry)
            return target.map(recorded.contains) ?? false
        }.sorted()
    }
}

private final class LockedResult: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<FetchResponse, FetchError>?

    func set(_ value: Result<FetchResponse, FetchError>) {
        condition.lock()
        result = value
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Result<FetchResponse, FetchError>? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: 10)
        while result == nil, condition.wait(until: deadline) {}
        return result
    }
}

extension Result<FetchResponse, FetchError> {
    fileprivate var failureDetail: String? {
        if case .failure(let error) = self { return error.detail }
        return nil
    }
}
