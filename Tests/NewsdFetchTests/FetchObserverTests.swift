import Foundation
import NewsdFetch
import NewsdTestSupport
import Testing

/// Transfers an observer was told about.
private final class ObservedTransfers: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(url: String, outcome: String)] = []

    func record(_ request: FetchRequest, _ result: Result<FetchResponse, FetchError>) {
        let outcome: String
        switch result {
        case .success(let response): outcome = "\(response.status) \(response.body.count)"
        case .failure(let error): outcome = "\(error.kind)"
        }
        lock.withLock { seen.append((request.url, outcome)) }
    }

    var all: [(url: String, outcome: String)] { lock.withLock { seen } }
}

@Suite("Fetch observer")
struct FetchObserverTests {
    @Test("the observer learns each transfer's response or error, with the request")
    func seesOutcomes() throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/ok" ? HTTPTestResponse(text: "hello") : .notFound
        }
        defer { server.stop() }
        let observed = ObservedTransfers()
        let fetcher = Fetcher(logger: RecordedLogs().makeLogger(label: "test"), observer: observed.record)
        _ = try fetcher.fetch(FetchRequest(url: server.url("/ok"), allowPrivateNetworks: true))
        #expect(throws: FetchError.self) {
            try fetcher.fetch(FetchRequest(url: server.url("/missing"), allowPrivateNetworks: true))
        }
        let all = observed.all
        #expect(all.map(\.url) == [server.url("/ok"), server.url("/missing")])
        #expect(all.first?.outcome == "200 5")
        #expect(all.last?.outcome.hasPrefix("httpStatus(404") == true)
    }

    @Test("fetches that joined one running transfer are observed once")
    func joinedFetchesObservedOnce() throws {
        let release = DispatchSemaphore(value: 0)
        let server = try LoopbackHTTPServer { _ in
            release.wait()
            return HTTPTestResponse(text: "shared")
        }
        defer { server.stop() }
        let observed = ObservedTransfers()
        let fetcher = Fetcher(logger: RecordedLogs().makeLogger(label: "test"), observer: observed.record)
        let request = FetchRequest(url: server.url("/feed"), allowPrivateNetworks: true)
        let done = DispatchGroup()
        let queue = DispatchQueue(label: "test.results")
        for _ in 0..<3 {
            done.enter()
            fetcher.fetch(request, on: queue) { _ in done.leave() }
        }
        // The three submissions reach the engine's queue before any event of the transfer can (the server holds
        // its answer until released), so the second and third join the first.
        release.signal()
        done.wait()
        #expect(observed.all.count == 1)
        #expect(server.requests.count == 1)
    }
}
