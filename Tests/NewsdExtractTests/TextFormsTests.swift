import Foundation
@testable import NewsdExtract
import Testing

/// The lower-cased and word forms the passes compare are the ones the standard library would give: the fast paths
/// change how they are computed, never what they are.
@Suite("Text forms match the standard library's")
struct TextFormsTests {
    @Test("lowered is lowercased() with typographic apostrophes made plain", arguments: [
        "Don\u{2019}t Miss", "ÉDITION SPÉCIALE", "ΟΔΟΣ ΑΘΗΝΑΣ", "İstanbul", "Straße GROSS", "日本語のテキスト",
        "Mixed ASCII and Ǆ digraphs", "ПОДПИСКА на новости", "",
    ])
    func lowered(text: String) {
        let expected = text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
        #expect(TextSignals.lowered(text) == expected)
    }

    @Test("every scalar is lowered as lowercased() maps it")
    func everyScalar() {
        var mismatches: [UInt32] = []
        for value in UInt32(0x80)...0x1FFFF where value != 0x2019 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            if TextSignals.lowered(text) != text.lowercased() { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test("ASCII class words split at separators and lower-case humps", arguments: [
        ("share-bar__item", ["share", "bar", "item"]), ("articleBody", ["article", "body"]),
        ("  Main  NAV-Menu1 ", ["main", "nav", "menu"]), ("XMLParser", ["xmlparser"]), ("", []),
    ])
    func asciiWords(value: String, words: [String]) {
        #expect(ClassVocabulary.words(value) == words)
    }

    @Test("a needle is found wherever it starts, and only whole", arguments: [
        ("subscribe to read", "subscribe", true), ("you must subscribe", "subscribe", true),
        ("ssubscribe", "subscribe", true), ("subscrib", "subscribe", false), ("a", "a", true), ("", "a", false),
        ("abc", "", true), ("cookiecookie", "kiec", true), ("cookie", "cookiee", false), ("ab ab ab", "ab a", true),
        ("aab", "ab", true), ("abab", "abb", false),
    ])
    func contains(text: String, needle: String, found: Bool) {
        #expect(TextMeasure.contains(text, anyOf: [needle]) == found)
        #expect(TextMeasure.contains(text, anyOf: ["\u{1}", needle]) == found)
    }

    @Test("share bars read the same on the byte path as on the character path", arguments: [
        ("facebook twitter whatsapp email", true), ("share: facebook | x", true), ("facebook, twitter\r\nemail", true),
        ("facebook twitter newsletter", false), ("", false), ("- | -", false), ("facebook twitter \u{2022} email", true),
        ("facebook twitter déjà", false),
    ])
    func shareButtons(lower: String, expected: Bool) {
        #expect(TextSignals.isShareButtons(lower, lower: lower, words: 4) == expected)
    }

    @Test("visible characters and commas are counted per scalar, whatever its encoded length")
    func countsEveryScalar() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF where value % 7 == 0 || (0x2000...0x3010).contains(value) || value >= 0xFEF0
            && value <= 0xFF10 || value < 0x800 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a,\(Character(scalar)) \u{A0}b"
            var visible = 0
            var commas = 0
            for each in text.unicodeScalars where !TextMeasure.isSpace(each) {
                visible += 1
                if each == "," || each == "\u{FF0C}" || each == "\u{3001}" { commas += 1 }
            }
            let counted = TextMeasure.count(text)
            if counted.visible != visible || counted.commas != commas { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }
}
