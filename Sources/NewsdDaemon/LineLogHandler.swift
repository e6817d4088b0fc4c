public import Foundation
public import Logging

/// Writes one line per log event to standard error: `LEVEL message key=value …`.
///
/// Under systemd (`JOURNAL_STREAM` set) each line starts with the syslog priority in `<N>` form, which journald
/// turns into the entry's level, and carries no timestamp (journald adds its own). Elsewhere the line starts with
/// an ISO 8601 time.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let journald: Bool

    public init(label: String, level: Logger.Level = .info,
                environment: [String: String] = ProcessInfo.processInfo.environment)
    {
        self.label = label
        self.logLevel = level
        self.journald = environment["JOURNAL_STREAM"] != nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var line = journald ? "<\(Self.priority(event.level))>" : "\(Date().formatted(.iso8601)) "
        line += "\(event.level.rawValue) \(Self.escapingLineBreaks("\(event.message)"))"
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quoted("\(merged[key]!)"))"
        }
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Writes line breaks as `\n` and `\r`, so text from a feed or a page (an error naming a hostile URL) cannot
    /// start a forged log line.
    static func escapingLineBreaks(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\\r\\n").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r")
    }

    /// Quotes a metadata value when it holds a space, a quote or an equals sign, so lines stay parseable.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else {
            return value
        }
        let escaped = escapingLineBreaks(value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\""))
        return "\"\(escaped)\""
    }

    /// syslog priorities, as sd-daemon(3) prefixes expect them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
