import Foundation
import NewsdFetch
import Testing

@Suite("Response freshness headers")
struct ResponseFreshnessTests {
    let now = Date(timeIntervalSince1970: 1_795_435_200)   // Mon, 23 Nov 2026 12:00:00 GMT

    func lifetime(cacheControl: String? = nil, expires: String? = nil, date: String? = nil) -> Duration? {
        ResponseFreshness.lifetime(cacheControl: cacheControl, expires: expires, date: date, now: now)
    }

    @Test("Cache-Control max-age is the lifetime in seconds, among other directives and in any case")
    func maxAge() {
        #expect(lifetime(cacheControl: "public, max-age=600") == .seconds(600))
        #expect(lifetime(cacheControl: "Max-Age=\"120\", must-revalidate") == .seconds(120))
    }

    @Test("no-cache and no-store mean no hint, whatever else is said")
    func noCache() {
        #expect(lifetime(cacheControl: "max-age=600, no-cache") == nil)
        #expect(lifetime(cacheControl: "no-store", expires: "Mon, 23 Nov 2026 13:00:00 GMT") == nil)
    }

    @Test("max-age wins over Expires")
    func maxAgeBeforeExpires() {
        #expect(lifetime(cacheControl: "max-age=60", expires: "Mon, 23 Nov 2026 13:00:00 GMT") == .seconds(60))
    }

    @Test("Expires counts from the response's Date, else from now")
    func expires() {
        #expect(lifetime(expires: "Mon, 23 Nov 2026 13:00:00 GMT") == .seconds(3600))
        // The server's clock is 10 minutes behind ours: its hour of freshness is still an hour.
        #expect(lifetime(expires: "Mon, 23 Nov 2026 12:50:00 GMT", date: "Mon, 23 Nov 2026 11:50:00 GMT")
            == .seconds(3600))
    }

    @Test("a past, zero or malformed lifetime is no hint; a huge one is capped at a week")
    func unusable() {
        #expect(lifetime(expires: "Mon, 23 Nov 2026 11:00:00 GMT") == nil)
        #expect(lifetime(expires: "0") == nil)
        #expect(lifetime(cacheControl: "max-age=0") == nil)
        #expect(lifetime(cacheControl: "max-age=soon") == nil)
        #expect(lifetime(cacheControl: "max-age=99999999999") == .seconds(7 * 86_400))
    }

    @Test("a response carries its freshness headers")
    func responseFreshness() {
        let response = FetchResponse(requestedURL: "https://a.example/feed", effectiveURL: "https://a.example/feed",
                                     status: 200, body: [], cacheControl: "max-age=300")
        #expect(response.freshness(now: now) == .seconds(300))
    }
}
