import NewsdFetch
import NewsdTestSupport
import Testing

@Suite("Fetcher limits")
struct FetcherLimitTests {
    @Test("a body announced larger than the limit is refused before it is read")
    func announcedBodyTooLarge() throws {
        // Trickled so slowly that reading it would run into the total timeout instead.
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(
                body: [UInt8](repeating: 65, count: 1000),
                trickle: .init(chunkSize: 10, delay: .seconds(1))
            )
        }
        defer { server.stop() }
        let limits = FetchLimits(totalTimeout: .seconds(5), lowSpeedLimit: 0, maxBodyBytes: 100)

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/big"), allowPrivateNetworks: true, settings: limits))
        }

        #expect(error?.kind == .bodyTooLarge(limit: 100))
    }

    @Test("an announced body over the limit is refused up front even without a reason phrase in the status line")
    func announcedBodyTooLargeWithoutReasonPhrase() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(body: [UInt8](repeating: 65, count: 1000), statusLine: "HTTP/1.1 200")
        }
        defer { server.stop() }
        let limits = FetchLimits(maxBodyBytes: 100)

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/big"), allowPrivateNetworks: true, settings: limits))
        }

        #expect(error?.kind == .bodyTooLarge(limit: 100))
        #expect(error?.detail == "the server announced 1000 bytes (Content-Length)")
    }

    @Test("a body without Content-Length is cut off once it passes the limit")
    func streamedBodyTooLarge() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(body: [UInt8](repeating: 65, count: 10_000), sendsContentLength: false)
        }
        defer { server.stop() }
        let limits = FetchLimits(maxBodyBytes: 1000)

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/big"), allowPrivateNetworks: true, settings: limits))
        }

        #expect(error?.kind == .bodyTooLarge(limit: 1000))
    }

    @Test("a body exactly at the limit is accepted")
    func bodyAtLimit() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(body: [UInt8](repeating: 65, count: 1000), sendsContentLength: false)
        }
        defer { server.stop() }
        let limits = FetchLimits(maxBodyBytes: 1000)

        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/exact"), allowPrivateNetworks: true, settings: limits))

        #expect(response.body.count == 1000)
    }

    @Test("a server trickling below the low-speed limit is cut off as timed out")
    func lowSpeed() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(
                body: [UInt8](repeating: 65, count: 2000),
                trickle: .init(chunkSize: 10, delay: .milliseconds(250))
            )
        }
        defer { server.stop() }
        let limits = FetchLimits(totalTimeout: .seconds(30), lowSpeedLimit: 1000, lowSpeedTime: .seconds(1))
        let clock = ContinuousClock()
        let started = clock.now

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/slow"), allowPrivateNetworks: true, settings: limits))
        }

        #expect(error?.kind == .timedOut)
        #expect(clock.now - started < .seconds(10), "the low-speed limit, not the total timeout, should end it")
    }

    @Test("a connection closed without a response fails as a transfer error")
    func emptyReply() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(closeWithoutResponse: true) }
        defer { server.stop() }

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/hangup"), allowPrivateNetworks: true))
        }

        #expect(error?.kind == .transfer(code: 52))
    }
}
