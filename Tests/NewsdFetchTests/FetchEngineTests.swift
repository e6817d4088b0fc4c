import Dispatch
import Foundation
@testable import NewsdFetch
import NewsdTestSupport
import Testing

@Suite("Fetch engine")
struct FetchEngineTests {
    @Test("no more requests than the per-host limit are in progress at one server at once")
    func perHostLimitOnTheWire() throws {
        let arrivals = ArrivalCounter()
        let server = try LoopbackHTTPServer { request in
            arrivals.arriveAndWait(forTotal: 2, timeout: 5)
            return HTTPTestResponse(text: request.path)
        }
        defer { server.stop() }
        let fetcher = Fetcher(logger: RecordedLogs().makeLogger(label: "test"),
                              concurrency: FetchConcurrency(maximumTransfers: 16, maximumPerHost: 2))

        let results = concurrentResults(count: 6) { index in
            Result { () throws(FetchError) in
                try fetcher.fetch(FetchRequest(url: server.url("/\(index)"), allowPrivateNetworks: true,
                                               settings: FetchLimits(hostDelay: .zero)))
            }
        }

        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(server.peakConcurrentRequests == 2)
    }

    @Test("two identical requests in flight at once share one transfer")
    func sameURLJoins() throws {
        let gate = Gate()
        let server = try LoopbackHTTPServer { _ in
            gate.wait(timeout: 5)
            return HTTPTestResponse(text: "shared")
        }
        defer { server.stop() }
        let fetcher = makeFetcher()
        let request = FetchRequest(url: server.url("/feed"), allowPrivateNetworks: true)
        let bodies = Bodies()
        let done = DispatchGroup()
        for _ in 0..<2 {
            done.enter()
            fetcher.fetch(request, on: .global()) { result in
                bodies.add((try? result.get().body) ?? [])
                done.leave()
            }
        }
        #expect(fetcher.snapshot.running == 1)
        gate.open()
        done.wait()

        #expect(bodies.all == [Array("shared".utf8), Array("shared".utf8)])
        #expect(server.requests.count == 1)
    }

    @Test("requests to one host start no sooner than the host delay apart")
    func hostDelaySpacesStarts() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "ok") }
        defer { server.stop() }
        let fetcher = makeFetcher()
        let settings = FetchLimits(hostDelay: .milliseconds(300))

        let results = concurrentResults(count: 3) { index in
            Result { () throws(FetchError) in
                try fetcher.fetch(FetchRequest(url: server.url("/\(index)"), allowPrivateNetworks: true,
                                               settings: settings))
            }
        }

        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let times = server.requests.map(\.receivedAt).sorted()
        #expect(times.count == 3)
        for (earlier, later) in zip(times, times.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 0.25)
        }
    }

    @Test("the engine reports its activity for a scheduler to observe")
    func snapshot() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "ok") }
        defer { server.stop() }
        let fetcher = makeFetcher()
        #expect(fetcher.snapshot.lastProgress == nil)

        _ = try fetcher.fetch(FetchRequest(url: server.url("/"), allowPrivateNetworks: true))

        let snapshot = fetcher.snapshot
        #expect(snapshot.running == 0 && snapshot.waiting == 0 && snapshot.started == 1)
        #expect(snapshot.lastProgress != nil)
    }
}

/// Holds handlers until the test opens it (bounded, so a failing test cannot hang the server).
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false

    func wait(timeout: TimeInterval) {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !isOpen, condition.wait(until: deadline) {}
    }

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }
}

private final class Bodies: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [[UInt8]] = []

    func add(_ body: [UInt8]) { lock.withLock { bodies.append(body) } }
    var all: [[UInt8]] { lock.withLock { bodies } }
}

@Suite("Fetch engine shut-down")
struct FetchEngineShutDownTests {
    @Test("after shut-down a fetch fails at once with a message saying why")
    func fetchAfterShutDown() throws {
        let engine = FetchEngine(concurrency: FetchConcurrency())
        engine.shutDown()
        let outcome = DispatchSemaphore(value: 0)
        let detail = LockedText()

        engine.submit(FetchRequest(url: "http://127.0.0.1:9/"), on: .global()) { result in
            if case .failure(let error) = result { detail.set(error.detail) }
            outcome.signal()
        }
        outcome.wait()

        #expect(detail.value == "the fetcher was shut down before the fetch finished")
    }
}

private final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func set(_ value: String) { lock.withLock { text = value } }
    var value: String { lock.withLock { text } }
}

@Suite("Fetch engine cancel-all")
struct FetchEngineCancelTests {
    @Test("cancel-all fails running and waiting fetches with a stopping error, and the fetcher keeps working")
    func cancelAllFailsEverythingUnfinished() throws {
        let gate = Gate()
        let server = try LoopbackHTTPServer { request in
            if request.path != "/after" { gate.wait(timeout: 30) }
            return HTTPTestResponse(text: request.path)
        }
        defer {
            gate.open()
            server.stop()
        }
        let fetcher = Fetcher(logger: RecordedLogs().makeLogger(label: "test"),
                              concurrency: FetchConcurrency(maximumTransfers: 1, maximumPerHost: 1))
        let kinds = Kinds()
        let done = DispatchGroup()
        for path in ["/running", "/waiting"] {
            done.enter()
            fetcher.fetch(FetchRequest(url: server.url(path), allowPrivateNetworks: true,
                                       settings: FetchLimits(hostDelay: .zero)), on: .global()) { result in
                if case .failure(let error) = result { kinds.add(error.kind) }
                done.leave()
            }
        }
        #expect(fetcher.snapshot.running == 1 && fetcher.snapshot.waiting == 1)

        let cancelled = DispatchSemaphore(value: 0)
        fetcher.cancelAll { count in
            #expect(count == 2)
            cancelled.signal()
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(cancelled.wait(timeout: .now() + 30) == .success)

        #expect(kinds.all == [.stopping, .stopping])
        #expect(fetcher.snapshot.running == 0 && fetcher.snapshot.waiting == 0)
        let after = try fetcher.fetch(FetchRequest(url: server.url("/after"), allowPrivateNetworks: true,
                                                   settings: FetchLimits(hostDelay: .zero)))
        #expect(after.body == Array("/after".utf8))
    }
}

private final class Kinds: @unchecked Sendable {
    private let lock = NSLock()
    private var kinds: [FetchError.Kind] = []

    func add(_ kind: FetchError.Kind) { lock.withLock { kinds.append(kind) } }
    var all: [FetchError.Kind] { lock.withLock { kinds } }
}
