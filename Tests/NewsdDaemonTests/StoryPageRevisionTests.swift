import Foundation
import NewsdDaemon
import NewsdExtract
import NewsdSpool
import Testing

@Suite("Story records carry the page's details")
struct StoryPageRevisionTests {
    private static let now = Date(timeIntervalSince1970: 1_800_000_000)

    private static func incoming(_ key: String, paragraphs: [String], standfirst: String,
                                 access: ArticleAccess = .open) -> IncomingArticle {
        var article = Article(title: "Ferry timetable changes", paragraphs: paragraphs)
        article.standfirst = standfirst
        article.section = "Transport"
        article.leadImage = "https://coast.example/img/ferry.jpg"
        article.access = access
        article.isAccessibleForFree = access == .paywalled ? false : nil
        return IncomingArticle(sourceID: "coast", itemKey: key, url: "https://coast.example/\(key)", feedTitle: nil,
                               feedPublished: nil, article: article, fetchedAt: now)
    }

    @Test("the first revision holds the page's standfirst, section, lead image and access")
    func firstRevision() {
        let record = StoryRevision.first(
            Self.incoming("1", paragraphs: ["The ferry runs every forty minutes from May."], standfirst: "More boats",
                          access: .paywalled),
            storyID: "s1", related: [], now: Self.now)
        #expect(record.page == StoryPage(standfirst: "More boats", section: "Transport",
                                         leadImage: "https://coast.example/img/ferry.jpg", access: .paywalled,
                                         isAccessibleForFree: false))
    }

    @Test("the record names the byline's people apart and carries the paywalled-section flag")
    func bylinesAndPaywalledSection() {
        var copy = Self.incoming("1", paragraphs: ["The ferry runs every forty minutes from May."], standfirst: "")
        copy.article.byline = "Ann Lee and Bo Park"
        copy.article.hasPaywalledSection = true
        let record = StoryRevision.first(copy, storyID: "s1", related: [], now: Self.now)
        #expect(record.page?.bylines == ["Ann Lee", "Bo Park"])
        #expect(record.page?.hasPaywalledSection == true)
    }

    @Test("a fuller copy that replaces the text brings its page details with it")
    func fullerCopyReplacesPage() {
        let first = StoryRevision.first(
            Self.incoming("1", paragraphs: ["The ferry runs every forty minutes from May."], standfirst: "Teaser",
                          access: .paywalled),
            storyID: "s1", related: [], now: Self.now)
        let next = StoryRevision.joining(
            first, previousFileName: "f1",
            incoming: Self.incoming("2", paragraphs: ["The ferry runs every forty minutes from May.",
                                                      "Two older boats will be refitted over the winter."],
                                    standfirst: "Full story"),
            match: nil, related: [], now: Self.now)
        #expect(next.page?.standfirst == "Full story")
        #expect(next.page?.access == .open)
    }
}
