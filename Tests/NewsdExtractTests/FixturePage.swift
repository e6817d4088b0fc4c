import Foundation
import NewsdExtract

/// A page from `Fixtures/`, with its bytes and a URL to extract it under.
struct FixturePage {
    var name: String
    var url: String

    static let harbour = FixturePage(
        name: "harbour-classed", url: "https://courier.example/news/harbour-bridge-reopens?utm=feed")
    static let orchard = FixturePage(
        name: "orchard-plain", url: "https://valleywire.example/2023/10/02/record-apple-harvest")
    static let council = FixturePage(name: "council-breaks", url: "https://town.example/news/library")

    var bytes: [UInt8] {
        get throws {
            guard let url = Bundle.module.url(forResource: name, withExtension: "html", subdirectory: "Fixtures") else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).html"])
            }
            return Array(try Data(contentsOf: url))
        }
    }

    func extract(rules: ExtractionRules = ExtractionRules()) throws -> Article {
        try ArticleExtractor(rules: rules).extract(html: bytes, url: url, charset: nil)
    }

    func explain(rules: ExtractionRules = ExtractionRules()) throws -> [BlockDecision] {
        try ArticleExtractor(rules: rules).explain(html: bytes, url: url, charset: nil)
    }
}

/// The shared data sets (`../shared` beside the repository), read at test time.
enum SharedData {
    /// `../shared/<relative>`.
    static func url(_ relative: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/" + relative)
    }

    /// The JSON object in `../shared/<relative>`, or `nil` when the file is missing or not a JSON object.
    static func jsonObject(_ relative: String) -> [String: Any]? {
        guard let data = try? Data(contentsOf: url(relative)) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// Extracts an inline page.
func extract(_ html: String, url: String = "https://example.test/a") throws -> Article {
    try ArticleExtractor().extract(html: Array(html.utf8), url: url, charset: nil)
}

/// Explains an inline page.
func explain(_ html: String, url: String = "https://example.test/a") throws -> [BlockDecision] {
    try ArticleExtractor().explain(html: Array(html.utf8), url: url, charset: nil)
}
