import NewsdConfig
import NewsdExtract
import Testing

/// A config tree whose one source, `sources.d/a.yaml`, has `templateLines` (already indented) under `rules.template:`
/// from line 5 on, or no `rules:` at all when `nil`.
private func tree(template templateLines: String?) throws -> TemporaryConfiguration {
    var source = "id: a\nfeeds: [https://a.example/feed]\n"
    if let templateLines { source += "rules:\n  template:\n" + templateLines }
    return try TemporaryConfiguration(["newsd.yaml": minimalGlobalFile, "sources.d/a.yaml": source])
}

@Suite("Site template settings in a source file")
struct SiteTemplateConfigurationTests {
    @Test("a source without rules.template learns its template with the documented defaults")
    func defaults() throws {
        let tree = try tree(template: nil)
        let source = try #require(try ConfigurationLoader.load(configFile: tree.configFile).sources.first)
        #expect(source.siteTemplate == SiteTemplateSettings(enabled: true, window: 20, minimumPages: 8,
                                                            sharePercent: 50))
    }

    @Test("every rules.template key is read")
    func everyKeyIsRead() throws {
        let tree = try tree(template: "    enabled: false\n    pages: 30\n    min_pages: 12\n    share_percent: 60\n")
        let source = try #require(try ConfigurationLoader.load(configFile: tree.configFile).sources.first)
        #expect(source.siteTemplate == SiteTemplateSettings(enabled: false, window: 30, minimumPages: 12,
                                                            sharePercent: 60))
    }

    @Test("out-of-range values and unknown keys are reported with file, line, column and key")
    func badValuesAreReported() throws {
        let tree = try tree(template: "    pages: 3\n    share_percent: 5\n    window: 10\n")
        let file = tree.path("sources.d/a.yaml")
        #expect(tree.problems() == [
            "\(file):5:12: key 'rules.template.pages': must be between 8 and 100, got 3",
            "\(file):6:20: key 'rules.template.share_percent': must be between 20 and 100, got 5",
            "\(file):7:5: key 'rules.template.window': unknown key; the keys allowed here are `enabled`, `pages`, "
                + "`min_pages`, `share_percent`",
        ])
    }

    @Test("min_pages above pages is refused: the template could never drop anything")
    func minimumAboveWindow() throws {
        let tree = try tree(template: "    pages: 10\n    min_pages: 12\n")
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):6:16: key 'rules.template.min_pages': must be at most `pages` (10), "
                + "got 12; the template would never remember enough pages to drop anything",
        ])
    }
}
