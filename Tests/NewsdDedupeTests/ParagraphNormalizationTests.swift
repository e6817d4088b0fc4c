import NewsdDedupe
import Testing

@Suite("Paragraph normalisation")
struct ParagraphNormalizationTests {
    /// The rule stated on every scalar through Unicode's properties: what the byte-level ASCII path must equal.
    private static func reference(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace, !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else if scalar == "'" || scalar == "\u{2019}" {
                continue
            } else {
                pendingSpace = true
            }
        }
        return String(result)
    }

    @Test("every ASCII character is normalised as Unicode's properties say")
    func asciiMatchesProperties() {
        let everyASCII = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        #expect(ParagraphFingerprint.normalize(everyASCII) == Self.reference(everyASCII))
        for value in 0..<128 {
            let text = "a\(Character(Unicode.Scalar(UInt8(value))))b 9"
            #expect(ParagraphFingerprint.normalize(text) == Self.reference(text), "byte \(value)")
        }
    }

    @Test("mixed scripts, digits, apostrophes and typography match the property rule")
    func mixedTextMatchesProperties() {
        let samples = [
            "“We will act,” said Price — firmly.  Don’t wait.",
            "İstanbul'da ÇAĞRI: ½ of 3² voters, ٣ days — Ελλάδα ΣΟΦΊΑ straße ǅemal",
            "東京で会見 2024年 ＡＢＣ１２３ …and\u{00A0}non-breaking\u{2009}thin spaces",
            "Émile O'Brien's café — “naïve” résumé; rock'n'roll ’90s",
            "",
            "   ---   ",
        ]
        for text in samples {
            #expect(ParagraphFingerprint.normalize(text) == Self.reference(text), "\(text)")
        }
    }
}
