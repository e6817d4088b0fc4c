import Foundation
import NewsdExtract
import Testing

@Suite("Page metadata: publication dates and the canonical URL")
struct PageMetadataTests {
    /// Timestamps pages write, with the instant each stands for (seconds since 1970), or `nil` when invalid.
    static let dates: [(text: String, seconds: Double?)] = [
        ("2021-07-07", 1_625_616_000),
        ("2021-07-07T12:30Z", 1_625_661_000),
        ("2021-07-07T12:30:15.5+02:00", 1_625_653_815.5),
        ("2021-07-07 12:30:15 +0200", 1_625_653_815),
        ("2021-07-07T12:30:15-05", 1_625_679_015),
        ("2020-02-29T00:00:00Z", 1_582_934_400),
        ("2016-12-31T23:59:60Z", 1_483_228_799),
        ("2021-07-07T12:30:15+14:00", 1_625_610_615),
        ("  2021-07-07T12:30Z  ", 1_625_661_000),
        ("2021-02-31T24:59:99+99:99", nil),
        ("2021-02-29", nil),
        ("1900-02-29", nil),
        ("2021-04-31", nil),
        ("2021-13-01", nil),
        ("2021-00-10", nil),
        ("2021-07-00", nil),
        ("2021-07-07T24:00Z", nil),
        ("2021-07-07T12:60Z", nil),
        ("2021-07-07T12:30:61Z", nil),
        ("2021-07-07T12:30:15+14:30", nil),
        ("2021-07-07T12:30:15+02:60", nil),
        ("2021-07-07T12:30:15.Z", nil),
        ("2021-07-07T12:30Z junk", nil),
        ("2021-07-07junk", nil),
        ("2021-07-07T", nil),
    ]

    @Test("reads a valid publication timestamp and refuses an impossible one", arguments: dates)
    func publicationDate(text: String, seconds: Double?) throws {
        let article = try extract(Self.page(head: "<meta property=\"article:published_time\" content=\"\(text)\">"))
        #expect(article.published == seconds.map { Date(timeIntervalSince1970: $0) })
    }

    @Test("percent-encodes a non-ASCII canonical link as it resolves it")
    func nonASCIICanonical() throws {
        let article = try extract(Self.page(head: "<link rel=\"canonical\" href=\"/café/x\">"),
                                  url: "https://news.example/a")
        #expect(article.canonicalURL == "https://news.example/caf%C3%A9/x")
    }

    @Test("gives no canonical URL for a canonical link that cannot be resolved")
    func unresolvableCanonical() throws {
        let article = try extract(Self.page(head: "<link rel=\"canonical\" href=\"http://host:port/x\">"),
                                  url: "https://news.example/a")
        #expect(article.canonicalURL == nil)
    }

    private static func page(head: String) -> String {
        """
        <html><head><title>A story</title>\(head)</head><body><article>
        <p>The first paragraph of the story is long enough to count as real article text, with a clause or two.</p>
        <p>The second paragraph adds detail, quotes an official, and ends the story in an ordinary way.</p>
        </article></body></html>
        """
    }
}
