/// The Prometheus text exposition format, version 0.0.4.
///
/// Each family is a `# HELP` line, a `# TYPE` line and one line per series: `name{label="value",…} value`. Help
/// text escapes `\` and line feeds; label values also escape `"`. Series come sorted by label values, families in the
/// order given, so two scrapes of the same state are the same text.
public enum Exposition {
    /// The `Content-Type` of a response carrying this format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Renders `families`; a family without series still gets its HELP and TYPE lines.
    public static func render(_ families: [MetricFamily]) -> String {
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(escape(family.help, quotes: false))\n"
            text += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples() {
                text += family.name
                if !family.labelNames.isEmpty {
                    text += "{"
                    for (index, (name, value)) in zip(family.labelNames, sample.labelValues).enumerated() {
                        if index > 0 { text += "," }
                        text += "\(name)=\"\(escape(value, quotes: true))\""
                    }
                    text += "}"
                }
                text += " \(format(sample.value))\n"
            }
        }
        return text
    }

    /// `\` → `\\`, line feed → `\n`, and in label values `"` → `\"`.
    static func escape(_ text: String, quotes: Bool) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\n" || (quotes && $0 == "\"") }) else { return text }
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\"" where quotes: escaped += "\\\""
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Whole numbers without a fraction (`42`, not `42.0`), others as Swift prints them, and the format's
    /// spellings of infinities and NaN.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
