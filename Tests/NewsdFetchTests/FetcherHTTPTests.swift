import Foundation
import NewsdFetch
import NewsdTestSupport
import Testing

@Suite("Fetcher over HTTP")
struct FetcherHTTPTests {
    @Test("a 200 response returns the body, the media type and the charset parameter")
    func okResponse() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(headers: ["Content-Type": "text/HTML; charset=\"ISO-8859-1\""], text: "<p>caf\u{e9}</p>")
        }
        defer { server.stop() }

        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/page.html"), allowPrivateNetworks: true))

        #expect(response.status == 200)
        #expect(response.body == Array("<p>caf\u{e9}</p>".utf8))
        #expect(response.contentType == "text/html")
        #expect(response.charset == "ISO-8859-1")
        #expect(!response.isNotModified)
    }

    @Test("stored validators are sent back and a 304 surfaces as not modified")
    func conditionalRequest() throws {
        let etag = "\"v1\""
        let lastModified = "Tue, 04 Mar 2025 10:00:00 GMT"
        let server = try LoopbackHTTPServer { request in
            guard request.headers["If-None-Match"] == etag, request.headers["If-Modified-Since"] == lastModified else {
                return HTTPTestResponse(headers: ["ETag": etag], text: "full body")
            }
            return HTTPTestResponse(status: 304, headers: ["ETag": etag])
        }
        defer { server.stop() }

        let request = FetchRequest(url: server.url("/feed.xml"), etag: etag, lastModified: lastModified, allowPrivateNetworks: true)
        let response = try makeFetcher().fetch(request)

        #expect(response.isNotModified)
        #expect(response.body.isEmpty)
        #expect(response.etag == etag)
    }

    @Test("a 200 response reports its ETag and Last-Modified for the next poll")
    func validatorsCaptured() throws {
        let headers: HTTPTestHeaders = ["ETag": "W/\"abc\"", "Last-Modified": "Wed, 05 Mar 2025 08:00:00 GMT"]
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(headers: headers, text: "x") }
        defer { server.stop() }

        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/feed.xml"), allowPrivateNetworks: true))

        #expect(response.etag == "W/\"abc\"")
        #expect(response.lastModified == "Wed, 05 Mar 2025 08:00:00 GMT")
    }

    @Test("Content-Location and Content-Language are those of the final response, not of a redirect")
    func contentLocationAndLanguage() throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/old":
                HTTPTestResponse(status: 302, headers: [
                    "Location": "/feed.xml", "Content-Location": "/redirect-body", "Content-Language": "de",
                ])
            case "/feed.xml":
                HTTPTestResponse(headers: ["Content-Location": "archive/feed.xml", "Content-Language": " en-GB "],
                                 text: "<rss/>")
            default:
                HTTPTestResponse(text: "<rss/>")
            }
        }
        defer { server.stop() }

        let fetcher = makeFetcher()
        let redirected = try fetcher.fetch(FetchRequest(url: server.url("/old"), allowPrivateNetworks: true))
        let plain = try fetcher.fetch(FetchRequest(url: server.url("/plain.xml"), allowPrivateNetworks: true))

        #expect(redirected.contentLocation == "archive/feed.xml")
        #expect(redirected.contentLanguage == "en-GB")
        #expect(plain.contentLocation == nil)
        #expect(plain.contentLanguage == nil)
    }

    @Test("Cache-Control fields, Expires and Date of the final response are kept verbatim")
    func freshnessHeaders() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(headers: HTTPTestHeaders([
                .init(name: "Cache-Control", value: "public"), .init(name: "cache-control", value: "max-age=300"),
                .init(name: "Expires", value: "Mon, 23 Nov 2026 13:00:00 GMT"),
                .init(name: "Date", value: "Mon, 23 Nov 2026 12:00:00 GMT"),
            ]), text: "<rss/>")
        }
        defer { server.stop() }

        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/feed.xml"), allowPrivateNetworks: true))

        #expect(response.cacheControl == "public, max-age=300")
        #expect(response.expires == "Mon, 23 Nov 2026 13:00:00 GMT")
        #expect(response.date == "Mon, 23 Nov 2026 12:00:00 GMT")
    }

    @Test("a redirect chain is followed and the final URL is reported")
    func redirectChain() throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/old": .redirect(to: "/moved", status: 301)
            case "/moved": .redirect(to: "/final?x=1", status: 302)
            default: HTTPTestResponse(text: "final")
            }
        }
        defer { server.stop() }

        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/old"), allowPrivateNetworks: true))

        #expect(response.requestedURL == server.url("/old"))
        #expect(response.effectiveURL == server.url("/final?x=1"))
        #expect(response.body == Array("final".utf8))
        #expect(server.requests.map(\.path) == ["/old", "/moved", "/final?x=1"])
    }

    @Test("a chain of only permanent redirects names the new URL; one temporary step in it names none")
    func permanentOnlyWhenEveryStepIs() throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/old": .redirect(to: "/moved", status: 301)
            case "/moved": .redirect(to: "/final", status: 302)
            case "/gone-for-good": .redirect(to: "/renamed", status: 301)
            case "/renamed": .redirect(to: "/final", status: 308)
            default: HTTPTestResponse(text: "final")
            }
        }
        defer { server.stop() }
        let fetcher = makeFetcher()

        let limits = FetchLimits(hostDelay: .zero)
        let temporary = try fetcher.fetch(FetchRequest(url: server.url("/old"), allowPrivateNetworks: true,
                                                       settings: limits))
        let permanent = try fetcher.fetch(FetchRequest(url: server.url("/gone-for-good"), allowPrivateNetworks: true,
                                                       settings: limits))

        #expect(temporary.movedPermanentlyTo == nil)
        #expect(permanent.movedPermanentlyTo == server.url("/final"))
    }

    @Test("a redirect loop fails as too many redirects")
    func redirectLoop() throws {
        let server = try LoopbackHTTPServer { _ in .redirect(to: "/loop") }
        defer { server.stop() }

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/loop"), allowPrivateNetworks: true, settings: FetchLimits(maxRedirects: 3)))
        }

        #expect(error?.kind == .tooManyRedirects)
        #expect(server.requests.count == 4)
    }

    @Test("a 404 fails with its status")
    func notFound() throws {
        let server = try LoopbackHTTPServer { _ in .notFound }
        defer { server.stop() }

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/gone.xml"), allowPrivateNetworks: true))
        }

        #expect(error?.kind == .httpStatus(404, retryAfter: nil))
        #expect(error?.description.contains(server.url("/gone.xml")) == true)
    }

    @Test("a 429 fails with its status and surfaces Retry-After")
    func tooManyRequests() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(status: 429, headers: ["Retry-After": "120"], text: "slow down")
        }
        defer { server.stop() }

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: server.url("/feed.xml"), allowPrivateNetworks: true))
        }

        #expect(error?.kind == .httpStatus(429, retryAfter: "120"))
    }

    @Test("a gzip-encoded body is decoded")
    func gzipBody() throws {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(headers: ["Content-Type": "text/plain", "Content-Encoding": "gzip"], body: gzipFixture)
        }
        defer { server.stop() }

        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/compressed.txt"), allowPrivateNetworks: true))

        #expect(response.body == Array(gzipFixturePlainText.utf8))
        #expect(server.requests.first?.headers["Accept-Encoding"]?.contains("gzip") == true)
    }

    @Test("the user agent and extra headers are sent")
    func requestHeaders() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "ok") }
        defer { server.stop() }

        let request = FetchRequest(
            url: server.url("/"),
            userAgent: "newsd-test/1",
            allowPrivateNetworks: true,
            extraHeaders: ["Accept": "application/rss+xml"]
        )
        _ = try makeFetcher().fetch(request)

        #expect(server.requests.first?.headers["User-Agent"] == "newsd-test/1")
        #expect(server.requests.first?.headers["Accept"] == "application/rss+xml")
    }

    @Test("a refused connection fails as could not connect")
    func connectionRefused() throws {
        let refusing = try RefusingLoopbackPort()

        let error = withExtendedLifetime(refusing) {
            #expect(throws: FetchError.self) {
                try makeFetcher().fetch(FetchRequest(url: refusing.url("/feed.xml"), allowPrivateNetworks: true))
            }
        }

        #expect(error?.kind == .couldNotConnect)
    }

    @Test("each fetch is logged at debug level with its URL and status")
    func logging() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "ok") }
        defer { server.stop() }
        let logs = RecordedLogs()

        _ = try makeFetcher(logs: logs).fetch(FetchRequest(url: server.url("/logged"), allowPrivateNetworks: true))

        let entry = logs.entries(at: .debug).first
        #expect(entry?.metadata["url"] == "\(server.url("/logged"))")
        #expect(entry?.metadata["status"] == "200")
    }

    @Test("fetches from several threads at once each get their own response")
    func concurrentFetches() throws {
        let server = try LoopbackHTTPServer { request in HTTPTestResponse(text: request.path) }
        defer { server.stop() }
        let fetcher = makeFetcher()
        let paths = (0..<8).map { "/item/\($0)" }

        let results = concurrentResults(count: paths.count) { index in
            Result { () throws(FetchError) in try fetcher.fetch(FetchRequest(url: server.url(paths[index]), allowPrivateNetworks: true, settings: FetchLimits(hostDelay: .zero))).body }
        }
        let bodies = try results.map { try $0.get() }

        #expect(bodies == paths.map { Array($0.utf8) })
    }

    @Test("a source's cookies are sent in one Cookie header, in name order")
    func cookiesSent() throws {
        let server = try LoopbackHTTPServer { _ in HTTPTestResponse(text: "ok") }
        defer { server.stop() }

        _ = try makeFetcher().fetch(FetchRequest(url: server.url("/"), allowPrivateNetworks: true,
                                                 cookies: ["session": "abc", "consent": "yes"]))

        #expect(server.requests.first?.headers["Cookie"] == "consent=yes; session=abc")
    }
}
