import NewsdFeed
import Testing

@Suite("Item identity")
struct FeedIdentityTests {
    @Test("is the guid when the item has one, even with a link")
    func guidFirst() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><title>t</title>
            <item><guid isPermaLink="false">  item-17  </guid><link>https://feeds.example/17</link></item>
            </channel></rss>
            """)
        #expect(feed.items.first?.identity == "item-17")
    }

    @Test("is the resolved link when there is no guid")
    func linkSecond() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><link>/stories/17</link></item>
            </channel></rss>
            """)
        #expect(feed.items.first?.identity == "https://feeds.example/stories/17")
    }

    @Test("is the FNV-1a 64 hash of title and summary, in hex, when there is neither guid nor link")
    func hashLast() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>Untitled note</title><description>A short note with no link.</description></item>
            </channel></rss>
            """)
        // FNV-1a 64 of "Untitled note" + U+001F + "A short note with no link.", computed independently.
        #expect(feed.items.first?.identity == "2dc23e6d751b8b27")
    }

    @Test("hash identity changes when the summary changes")
    func hashFollowsText() {
        let first = FeedItem(title: "Note", summary: "one")
        let second = FeedItem(title: "Note", summary: "two")
        #expect(first.identity != second.identity)
        #expect(first.identity == FeedItem(title: "Note", summary: "one").identity)
    }

    @Test("keeps a different item under a reused guid, with a distinct identity stable from poll to poll")
    func reusedGuid() throws {
        let document = """
            <rss version="2.0"><channel><title>t</title>
            <item><guid>dup</guid><title>first</title></item>
            <item><guid>other</guid><title>middle</title></item>
            <item><guid>dup</guid><title>second</title></item>
            </channel></rss>
            """
        let feed = try parseFeed(document)
        #expect(feed.items.map(\.title) == ["first", "middle", "second"])
        #expect(feed.items[0].identity == "dup")
        #expect(feed.items[2].identity.hasPrefix("dup#"))
        #expect(feed.items[2].identity == (try parseFeed(document)).items[2].identity)
    }

    @Test("drops an exact repeat of an item (same guid, link, title and summary)")
    func exactRepeat() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><title>t</title>
            <item><guid>same</guid><title>once</title><link>https://feeds.example/1</link></item>
            <item><guid>same</guid><title>once</title><link>https://feeds.example/1</link></item>
            </channel></rss>
            """)
        #expect(feed.items.count == 1)
        #expect(feed.items.first?.identity == "same")
    }
}
