import Foundation

/// The demo corpus's answer key (`demo/manifest.json`): which page belongs to which story, and every boilerplate
/// string each page carries.
struct DemoManifest: Decodable {
    struct Page: Decodable {
        var source: String
        var title: String
        var story: String
        var body: [String]
        var boilerplate: [String]
        var captions: [String]
    }

    var sharedQuote: String
    var stories: [String: [String]]
    var pages: [String: Page]

    enum CodingKeys: String, CodingKey {
        case sharedQuote = "shared_quote", stories, pages
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let demoDirectory = repositoryRoot.appendingPathComponent("demo")

    static func load() throws -> DemoManifest {
        let data = try Data(contentsOf: demoDirectory.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(DemoManifest.self, from: data)
    }

    /// Labels of stories carried by more than one page (the syndicated pair).
    var syndicatedStories: [String] {
        stories.filter { $0.value.count > 1 }.map(\.key).sorted()
    }

    /// Every boilerplate string of every page, whitespace-collapsed.
    var allBoilerplate: Set<String> {
        Set(pages.values.flatMap(\.boilerplate).map(collapseWhitespace))
    }
}

func collapseWhitespace(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}
