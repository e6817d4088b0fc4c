import NewsdFeed
import Testing

@Suite("Feed update interval hints")
struct UpdateIntervalTests {
    func feed(channel: String, namespaces: String = "") throws -> Feed {
        let xml = """
            <?xml version="1.0"?>
            <rss version="2.0"\(namespaces)><channel><title>T</title><link>https://a.example/</link>
            \(channel)
            <item><title>One</title><link>https://a.example/1</link></item>
            </channel></rss>
            """
        return try FeedParser().parse(Array(xml.utf8), url: "https://a.example/feed.xml", charset: nil,
                                      contentLocation: nil, contentLanguage: nil)
    }

    let sy = " xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\""

    @Test("RSS <ttl> is minutes")
    func ttl() throws {
        #expect(try feed(channel: "<ttl> 60 </ttl>").updateInterval == .seconds(3600))
    }

    @Test("a <ttl> that is not a positive number of minutes gives no hint")
    func badTTL() throws {
        #expect(try feed(channel: "<ttl>soon</ttl>").updateInterval == nil)
        #expect(try feed(channel: "<ttl>0</ttl>").updateInterval == nil)
        #expect(try feed(channel: "").updateInterval == nil)
    }

    @Test("sy:updatePeriod divided by sy:updateFrequency, the frequency defaulting to 1")
    func syndication() throws {
        let twiceDaily = "<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>"
        #expect(try feed(channel: twiceDaily, namespaces: sy).updateInterval == .seconds(43_200))
        #expect(try feed(channel: "<sy:updatePeriod>hourly</sy:updatePeriod>", namespaces: sy).updateInterval
            == .seconds(3600))
        #expect(try feed(channel: "<sy:updatePeriod>fortnightly</sy:updatePeriod>", namespaces: sy).updateInterval
            == nil)
    }

    @Test("<ttl> wins over the syndication module, and a hint is at most a week")
    func precedence() throws {
        let both = "<ttl>30</ttl><sy:updatePeriod>daily</sy:updatePeriod>"
        #expect(try feed(channel: both, namespaces: sy).updateInterval == .seconds(1800))
        #expect(try feed(channel: "<sy:updatePeriod>yearly</sy:updatePeriod>", namespaces: sy).updateInterval
            == .seconds(7 * 86_400))
    }

    @Test("the hint leaves feedparser's JSON as it was: ttl stays a string in feed")
    func jsonUnchanged() throws {
        let json = FeedparserJSON.string(try feed(channel: "<ttl>60</ttl>"))
        #expect(json.contains("\"ttl\":\"60\"") || json.contains("\"ttl\": \"60\""))
    }
}
