import NewsdExtract
import Testing

@Suite("Per-source extraction rules")
struct ExtractionRulesTests {
    @Test("a content XPath forces the content root")
    func contentXPathForcesRoot() throws {
        let rules = ExtractionRules(contentXPath: "//div[contains(@class, 'article-body')]/p[2]")
        let article = try FixturePage.harbour.extract(rules: rules)
        #expect(article.paragraphs == [
            "The harbour bridge, which carries about 18,000 vehicles a day between the old town and the ferry "
                + "terminal, was closed in September after inspectors found corrosion in two of its steel bearings.",
        ])
    }

    @Test("a remove XPath removes what it selects, and says so in the explanation")
    func removeXPathRemoves() throws {
        let rules = ExtractionRules(removeXPaths: ["//p[starts-with(., 'Council engineers')]"])
        let article = try FixturePage.harbour.extract(rules: rules)
        #expect(!article.paragraphs.contains { $0.hasPrefix("Council engineers") })
        #expect(article.paragraphs.count == 5)
        let decisions = try FixturePage.harbour.explain(rules: rules)
        let decision = try #require(decisions.first { $0.text.hasPrefix("Council engineers") })
        #expect(decision.reason == "rule: remove '//p[starts-with(., 'Council engineers')]'")
    }

    @Test("a drop pattern drops the paragraphs it matches, and says so in the explanation")
    func dropPatternDrops() throws {
        let rules = ExtractionRules(dropPatterns: ["^Traders on"])
        let article = try FixturePage.harbour.extract(rules: rules)
        #expect(!article.paragraphs.contains { $0.hasPrefix("Traders on") })
        #expect(article.paragraphs.count == 5)
        let decisions = try FixturePage.harbour.explain(rules: rules)
        let decision = try #require(decisions.first { $0.text.hasPrefix("Traders on") })
        #expect(!decision.kept && decision.reason == "rule: drop pattern '^Traders on'")
    }

    @Test("an invalid XPath is reported with the rule that holds it")
    func invalidXPathNamesRule() throws {
        let rules = ExtractionRules(removeXPaths: ["//aside", "//div[@class="])
        let error = #expect(throws: ExtractionRuleError.self) { try ArticleExtractor(rules: rules) }
        #expect(error?.kind == .invalidXPath)
        #expect(error?.rule == "removeXPaths[1]")
        #expect(error?.description.contains("removeXPaths[1]") == true)
        #expect(error?.description.contains("//div[@class=") == true)
    }

    @Test("an invalid pattern is reported with the rule that holds it")
    func invalidPatternNamesRule() throws {
        let error = #expect(throws: ExtractionRuleError.self) {
            try ExtractionRules(contentXPath: "//article", dropPatterns: ["(unclosed"]).validate()
        }
        #expect(error?.kind == .invalidPattern)
        #expect(error?.rule == "dropPatterns[0]")
    }
}
