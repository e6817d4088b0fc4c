/// Writes text as a JSON string literal: the one escaping newsd's hand-written JSON shares (feedparser-shaped feed
/// output, JSON log lines).
///
/// `"` and `\` are escaped, `\n`, `\r` and `\t` by name, every other control character below U+0020 as `\u00XX`;
/// everything else is written as it is (JSON text is UTF-8).
public enum JSONStringLiteral {
    /// Appends `text`, quoted and escaped, to `output`.
    public static func append(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
