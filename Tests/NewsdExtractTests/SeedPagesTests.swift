import Foundation
import NewsdExtract
import Testing

/// The project's five seed pages (`../shared/seeds` beside the repository), each line labelled by kind in
/// `annotations.json`, rendered into a plain page with no class names at all: the hardest case for the extractor,
/// since only text, structure and links can tell body from furniture.
enum SeedCorpus {
    struct Line: Sendable {
        var text: String
        var label: String
    }

    struct Seed: Sendable, CustomTestStringConvertible {
        var name: String
        var lines: [Line]
        var testDescription: String { name }
    }

    static let seeds: [Seed] = {
        guard let json = SharedData.jsonObject("seeds/annotations.json") else { return [] }
        return json.keys.sorted().compactMap { name in
            guard let entry = json[name] as? [String: Any], let lines = entry["lines"] as? [[String: Any]] else {
                return nil
            }
            return Seed(name: name, lines: lines.compactMap { line in
                guard let text = line["text"] as? String, let label = line["label"] as? String else { return nil }
                return Line(text: text, label: label)
            })
        }
    }()

    static var isAvailable: Bool { !seeds.isEmpty }

    /// Labels of furniture that pages carry as links.
    private static let linkedKinds = ["latest", "don't-miss", "previous/next", "related", "more-news", "also read"]

    /// The seed as a page: the title in `<h1>`, every other line a `<p>` inside `<article>`, list-like furniture
    /// as a linked paragraph.
    static func page(_ seed: Seed) -> String {
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><article>\n"
        for line in seed.lines {
            let text = escape(line.text)
            let label = line.label.lowercased()
            if label == "title" {
                html += "<h1>\(text)</h1>\n"
            } else if label.hasPrefix("boilerplate:"), linkedKinds.contains(where: label.contains) {
                html += "<p><a href=\"/x\">\(text)</a></p>\n"
            } else {
                html += "<p>\(text)</p>\n"
            }
        }
        return html + "</article></body></html>\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Whether a seed line made it into the extracted paragraphs: whole, or, if long, inside one (compared by
    /// letters and digits only, so a sentence kept inside a longer copy of itself counts).
    static func survives(_ line: Line, in paragraphs: [String]) -> Bool {
        let text = line.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let key = key(text)
        return paragraphs.contains { $0 == text || (key.count >= 20 && Self.key($0).contains(key)) }
    }

    private static func key(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
            .map(Character.init))
    }
}

@Suite("Seed pages without class names", .enabled(if: SeedCorpus.isAvailable,
                                                  "needs ../shared/seeds beside the repository; skipped without it"))
struct SeedPagesTests {
    @Test("no line labelled boilerplate survives", arguments: SeedCorpus.seeds)
    func boilerplateDropped(seed: SeedCorpus.Seed) throws {
        let article = try ArticleExtractor().extract(html: Array(SeedCorpus.page(seed).utf8), url: nil, charset: nil)
        let leaked = seed.lines.filter {
            $0.label.hasPrefix("boilerplate") && SeedCorpus.survives($0, in: article.paragraphs)
        }
        #expect(leaked.isEmpty, "leaked: \(leaked.map { "[\($0.label)] \($0.text)" })")
    }

    @Test("at least 90% of the body lines survive", arguments: SeedCorpus.seeds)
    func bodyKept(seed: SeedCorpus.Seed) throws {
        let article = try ArticleExtractor().extract(html: Array(SeedCorpus.page(seed).utf8), url: nil, charset: nil)
        let body = seed.lines.filter { $0.label.hasPrefix("body") }
        let missing = body.filter { !SeedCorpus.survives($0, in: article.paragraphs) }
        #expect(body.count - missing.count >= (body.count * 9 + 9) / 10,
                "missing \(missing.count) of \(body.count): \(missing.map(\.text))")
    }
}
