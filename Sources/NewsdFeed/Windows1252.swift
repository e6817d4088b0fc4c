/// The characters Windows-1252 puts at 0x80–0x9F, where Latin-1 (and so Unicode) has C1 control codes.
///
/// Feeds often declare ISO-8859-1 while writing Windows-1252 curly quotes, dashes and the euro sign; read as
/// Latin-1 these become invisible control characters. No real text uses C1 controls, so they are mapped back to
/// what the publisher meant, as feedparser and browsers do.
enum Windows1252 {
    /// Code point 0x80 + index → the character Windows-1252 has there (0 where it has none).
    private static let table: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// `text` with each C1 control character that Windows-1252 assigns replaced by that character.
    static func repairingControls(_ text: String) -> String {
        // U+0080…U+009F are 0xC2 0x80…0x9F in UTF-8.
        guard text.containsByte(0xC2), text.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) })
        else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value), let mapped = Unicode.Scalar(table[Int(scalar.value - 0x80)]),
               mapped.value != 0 {
                scalars.append(mapped)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
