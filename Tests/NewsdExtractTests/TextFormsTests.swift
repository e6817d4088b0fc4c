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

    /// Samples for the byte paths: ASCII, CR LF, non-ASCII spaces and letters, letters whose lower case is longer.
    static let mixedTexts = [
        "  Plain  ASCII\ttext,\r\nwith lines  ", "Don\u{2019}t Miss \u{A0}\u{2003} the İstanbul ÉDITION",
        "ПОДПИСКА на\u{3000}новости", "日本語 のテキスト", "Ⱥ and ǅ: 42 ½", "\u{FEFF}\u{200B}", "",
    ]

    @Test("collapse joins every run of spaces, ASCII or not, as the scalar path does", arguments: mixedTexts)
    func collapse(text: String) {
        var expected = String.UnicodeScalarView()
        var pending = false
        for scalar in text.unicodeScalars {
            if TextMeasure.isSpace(scalar) {
                pending = !expected.isEmpty
                continue
            }
            if pending { expected.append(" ") }
            pending = false
            expected.append(scalar)
        }
        #expect(TextMeasure.collapse(text) == String(expected))
    }

    @Test("key keeps lower-cased letters and digits, as the scalar path does", arguments: mixedTexts)
    func key(text: String) {
        var expected = ""
        for scalar in text.unicodeScalars
        where scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
            expected += scalar.properties.lowercaseMapping
        }
        #expect(TextMeasure.key(text) == expected)
    }

    @Test("characterCount is String.count", arguments: mixedTexts + ["a\r\nb\r\n", "\r\r\n\n"])
    func characterCount(text: String) {
        #expect(TextMeasure.characterCount(text) == text.count)
    }

    @Test("inline styles hide whatever their case and spacing", arguments: [
        ("DISPLAY : None", true), ("color:red; visibility: HIDDEN", true), ("display:block", false),
        ("font-family: \"Ünïcode\"; display: none", true), ("font-family: Ünïcode", false),
    ])
    func inlineStyle(style: String, hides: Bool) {
        #expect(InlineStyle.hides(style) == hides)
    }

    @Test("sign-up, reading-time and file-name signals read the same with and without non-ASCII text", arguments: [
        ("join our newsletter", "join our newsletter \u{2022}"), ("5 min read", "5 min read \u{2022}"),
        ("img_2041 jpg", "img_2041 jpg \u{2022}"), ("273699688 323902003007540 n", "273699688 323902003007540 n é"),
        ("a short sentence here", "a short sentence here \u{2022}"),
    ])
    func asciiSignals(ascii: String, other: String) {
        #expect(TextSignals.isSignUp(other, lower: other, words: 6)
            == TextSignals.isSignUp(ascii, lower: ascii, words: 5))
        #expect(TextSignals.isReadingTime(other, lower: other, words: 6)
            == TextSignals.isReadingTime(ascii, lower: ascii, words: 5))
        #expect(TextSignals.isImageFileName(other, lower: other, words: 6)
            == TextSignals.isImageFileName(ascii, lower: ascii, words: 5))
    }

    @Test("a word set finds its members and no word of another length")
    func wordSet() {
        let set: WordSet = ["ad", "share", "newsletter"]
        #expect(set.contains("share") && set.contains("ad") && set.contains("newsletter"))
        #expect(!set.contains("shared") && !set.contains("shade") && !set.contains("") && !set.contains("a"))
    }
}
