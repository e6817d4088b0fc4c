public import Foundation
public import Logging

/// How each log event is written: a `key=value` text line, or one JSON object per line.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `LEVEL message key=value …`, for people reading a terminal or `journalctl`.
    case line
    /// `{"level":…,"message":…,"priority":…,"source":…}`, for log shippers that index fields.
    case json
}

/// Writes one line per log event to standard error, as text (`LEVEL message key=value …`) or as a JSON object.
///
/// Under systemd (`JOURNAL_STREAM` set) each line, text or JSON, starts with the syslog priority in `<N>` form, which
/// journald strips and turns into the entry's level, and neither format carries a timestamp (journald adds its own). Elsewhere the line
/// starts with an ISO 8601 time (text) or has a `time` field (JSON).
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let journald: Bool
    private let format: LogFormat

    public init(label: String, level: Logger.Level = .info, format: LogFormat = .line,
                environment: [String: String] = ProcessInfo.processInfo.environment)
    {
        self.label = label
        self.logLevel = level
        self.format = format
        self.journald = environment["JOURNAL_STREAM"] != nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let line = Self.line(format, time: journald ? nil : Date(), level: event.level, message: "\(event.message)",
                             metadata: merged)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The line for an event in `format`, without its line break; `time` is `nil` under journald, and then both
    /// formats start with the `<N>` priority that journald strips and files the entry under (a JSON line stays
    /// pure JSON in the journal).
    static func line(_ format: LogFormat, time: Date?, level: Logger.Level, message: String,
                     metadata: Logger.Metadata) -> String {
        switch format {
        case .line:
            render(time: time, level: level, message: message, metadata: metadata)
        case .json:
            (time == nil ? "<\(priority(level))>" : "")
                + JSONLogLine.render(time: time, level: level, message: message, metadata: metadata)
        }
    }

    /// The text line for an event, without its line break; `time` is `nil` under journald.
    static func render(time: Date?, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var line = time.map { "\($0.formatted(.iso8601)) " } ?? "<\(priority(level))>"
        line += "\(level.rawValue) \(escapingLineBreaks(message))"
        for key in metadata.keys.sorted() {
            line += " \(key)=\(quoted("\(metadata[key]!)"))"
        }
        return line
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
