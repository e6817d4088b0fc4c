public import Logging

/// One log call captured by a `RecordingLogHandler`.
public struct RecordedLogEntry: Sendable {
    /// The label of the logger that emitted it.
    public var label: String
    /// The level it was logged at.
    public var level: Logger.Level
    /// The message text.
    public var message: String
    /// The handler's metadata, the metadata provider's and the call's, merged in that order.
    public var metadata: Logger.Metadata
    /// The source module of the call.
    public var source: String
    /// The file, function and line of the call.
    public var file: String, function: String, line: UInt
}

/// A thread-safe store of log entries, and the loggers that write into it.
///
/// ```swift
/// let logs = RecordedLogs()
/// let fetcher = Fetcher(logger: logs.makeLogger(label: "test"))
/// ...
/// #expect(logs.entries(at: .debug).contains { $0.metadata["url"] == "\(url)" })
/// ```
public final class RecordedLogs: Sendable {
    private let storage = Locked<[RecordedLogEntry]>([])

    /// Creates an empty store.
    public init() {}

    /// Every entry logged so far, oldest first.
    public var entries: [RecordedLogEntry] {
        storage.withLock { $0 }
    }

    /// The entries logged at exactly `level`, oldest first.
    public func entries(at level: Logger.Level) -> [RecordedLogEntry] {
        entries.filter { $0.level == level }
    }

    /// Forgets every entry.
    public func removeAll() {
        storage.withLock { $0.removeAll() }
    }

    /// A logger whose entries (at `level` and above) land in this store.
    public func makeLogger(label: String, level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { label in RecordingLogHandler(label: label, recordingInto: self) }
        logger.logLevel = level
        return logger
    }

    func append(_ entry: RecordedLogEntry) {
        storage.withLock { $0.append(entry) }
    }
}

/// A swift-log `LogHandler` that stores every entry in a `RecordedLogs`, so tests can assert on what was logged.
///
/// Written here rather than using swift-log's `InMemoryLogging` product so the test-support target needs only the
/// `Logging` product.
public struct RecordingLogHandler: LogHandler {
    /// The label entries are recorded under.
    public let label: String
    /// Where entries go.
    public let recordings: RecordedLogs
    /// Entries below this level are dropped by `Logger` before they reach the handler.
    public var logLevel: Logger.Level = .trace
    /// Metadata added to every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Supplies contextual metadata at log time.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler recording into `recordings`.
    public init(
        label: String,
        recordingInto recordings: RecordedLogs,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.recordings = recordings
        self.metadataProvider = metadataProvider
    }

    /// The handler's own metadata value for `metadataKey`.
    public subscript(metadataKey metadataKey: String) -> Logger.Metadata.Value? {
        get { metadata[metadataKey] }
        set { metadata[metadataKey] = newValue }
    }

    /// Records the event.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let own = event.metadata {
            merged.merge(own) { _, new in new }
        }
        recordings.append(
            RecordedLogEntry(
                label: label,
                level: event.level,
                message: event.message.description,
                metadata: merged,
                source: event.source,
                file: event.file,
                function: event.function,
                line: event.line
            )
        )
    }
}
