import Dispatch
import Foundation
@testable import NewsdFetch
import NewsdTestSupport
import Testing

@Suite("robots.txt rules")
struct RobotsRulesTests {
    func rules(_ text: String) -> RobotsRules {
        RobotsRules(parsing: Array(text.utf8))
    }

    @Test("the group naming newsd is obeyed instead of the * group")
    func specificGroupWins() {
        let robots = rules("""
            User-agent: *
            Disallow: /

            User-agent: Newsd/2.0
            Disallow: /private
            """)
        #expect(robots.allows(path: "/news/1", agent: "newsd"))
        #expect(!robots.allows(path: "/private/x", agent: "newsd"))
        #expect(!robots.allows(path: "/news/1", agent: "otherbot"))
    }

    @Test("the longest matching rule decides, and Allow wins a tie")
    func longestMatch() {
        let robots = rules("""
            User-agent: *
            Disallow: /news
            Allow: /news/public
            Disallow: /tie
            Allow: /tie
            """)
        #expect(!robots.allows(path: "/news/secret", agent: "newsd"))
        #expect(robots.allows(path: "/news/public/1", agent: "newsd"))
        #expect(robots.allows(path: "/tie", agent: "newsd"))
    }

    @Test("* matches any run of characters and $ anchors the end")
    func wildcards() {
        let robots = rules("""
            User-agent: *
            Disallow: /*.pdf$
            Disallow: /*/print
            """)
        #expect(!robots.allows(path: "/a/b.pdf", agent: "newsd"))
        #expect(robots.allows(path: "/a/b.pdf?x=1", agent: "newsd"))
        #expect(!robots.allows(path: "/2025/story/print", agent: "newsd"))
        #expect(robots.allows(path: "/story", agent: "newsd"))
    }

    @Test("several user-agent lines share one group; an empty Disallow and comments allow everything")
    func groupsAndComments() {
        let robots = rules("""
            # site rules
            User-agent: a
            User-agent: newsd   # us
            Disallow:
            """)
        #expect(robots.allows(path: "/anything", agent: "newsd"))
        #expect(RobotsRules.productToken(of: "newsd/0.1 (+https://example.org/bot)") == "newsd")
    }

    @Test("a missing robots.txt allows all; a server error or unreachable site disallows for a while")
    func verdicts() {
        let missing = FetchError(url: "u", kind: .httpStatus(404, retryAfter: nil), detail: "")
        let failing = FetchError(url: "u", kind: .httpStatus(503, retryAfter: nil), detail: "")
        let unreachable = FetchError(url: "u", kind: .couldNotConnect, detail: "")
        #expect(RobotsCache.verdict(.failure(missing)) == (.allowAll, .fresh))
        #expect(RobotsCache.verdict(.failure(failing)) == (.disallowAll, .failed))
        #expect(RobotsCache.verdict(.failure(unreachable)) == (.disallowAll, .failed))
    }
}

@Suite("robots.txt over HTTP")
struct RobotsCacheTests {
    @Test("a page robots.txt disallows is refused, others allowed, and robots.txt is fetched once per site")
    func disallowedPage() throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/robots.txt"
                ? HTTPTestResponse(text: "User-agent: *\nDisallow: /members/\n")
                : HTTPTestResponse(text: "page")
        }
        defer { server.stop() }
        let cache = RobotsCache(fetcher: makeFetcher())
        func request(_ path: String) -> FetchRequest {
            FetchRequest(url: server.url(path), allowPrivateNetworks: true)
        }

        #expect(!cache.allows(request("/members/story")))
        #expect(cache.allows(request("/news/story")))
        #expect(server.requests.map(\.path) == ["/robots.txt"])
    }

    @Test("pages of one site asked about at once, with different headers, wait for one fetch of its robots.txt")
    func concurrentFirstAsksFetchOnce() throws {
        let robotsAsked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let server = try LoopbackHTTPServer { request in
            guard request.path == "/robots.txt" else { return HTTPTestResponse(text: "page") }
            robotsAsked.signal()
            _ = release.wait(timeout: .now() + 5)
            return HTTPTestResponse(text: "User-agent: *\nDisallow: /members/\n")
        }
        defer { server.stop() }
        let secondWaits = DispatchSemaphore(value: 0)
        let cache = RobotsCache(fetcher: makeFetcher(), startedWaiting: { secondWaits.signal() })
        @Sendable func request(_ path: String, source: String) -> FetchRequest {
            FetchRequest(url: server.url(path), allowPrivateNetworks: true, extraHeaders: ["X-Source": source])
        }
        let first = Thread { _ = cache.allows(request("/news/1", source: "a")) }
        first.start()
        #expect(robotsAsked.wait(timeout: .now() + 5) == .success)

        let verdicts = concurrentResults(count: 2) { index in
            if index == 0 {
                return cache.allows(request("/members/2", source: "b"))
            }
            // The file arrives once the second source's ask waits for the first fetch (or, were it not to wait,
            // after five seconds, and the server then sees robots.txt asked twice).
            _ = secondWaits.wait(timeout: .now() + 5)
            release.signal()
            return true
        }

        #expect(verdicts == [false, true])
        #expect(server.requests.map(\.path) == ["/robots.txt"])
    }

    @Test("a site whose robots.txt fails with 500 is not crawled until the failure expires")
    func serverErrorDisallows() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(status: 500, text: "down") }
        defer { server.stop() }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_000_000))
        let cache = RobotsCache(fetcher: makeFetcher(), failedFor: .seconds(600), clock: { clock.now })
        let request = FetchRequest(url: server.url("/news/1"), allowPrivateNetworks: true)

        #expect(!cache.allows(request))
        clock.advance(by: 601)
        _ = cache.allows(request)

        #expect(server.requests.count == 2)
    }
}

/// A wall clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) {
        current = start
    }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current += seconds }
    }
}
