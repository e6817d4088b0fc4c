import Foundation
import Logging
import NewsdFeed

/// One log event as a single-line JSON object (`--log-format json`).
///
/// Fields: `time` (ISO 8601, left out under journald, which stamps entries itself), `level`, `priority` (the syslog
/// number journald uses), `message`, then every metadata key as a field of its own, keys sorted. A metadata key that
/// would overwrite one of the four fixed fields is written with a leading underscore (`_level`). Nested metadata
/// becomes JSON arrays and objects; everything else is a string. Control characters, quotes and backslashes are
/// escaped (``JSONStringLiteral``), so text from a feed cannot break the line or forge a field.
enum JSONLogLine {
    static func render(time: Date?, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var line = "{"
        if let time {
            line += "\"time\":\(quoted(time.formatted(.iso8601))),"
        }
        line += "\"level\":\(quoted(level.rawValue)),\"priority\":\(LineLogHandler.priority(level)),"
        line += "\"message\":\(quoted(message))"
        let fixed: Set<String> = ["time", "level", "priority", "message"]
        for key in metadata.keys.sorted() {
            let name = fixed.contains(key) ? "_" + key : key
            line += ",\(quoted(name)):\(value(metadata[key]!))"
        }
        return line + "}"
    }

    static func value(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let convertible): quoted(convertible.description)
        case .array(let values): "[" + values.map(Self.value).joined(separator: ",") + "]"
        case .dictionary(let fields):
            "{" + fields.keys.sorted().map { "\(quoted($0)):\(Self.value(fields[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var literal = ""
        JSONStringLiteral.append(text, to: &literal)
        return literal
    }
}
