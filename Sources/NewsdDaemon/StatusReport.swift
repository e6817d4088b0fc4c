public import Foundation
public import NewsdConfig
public import NewsdState

/// What `newsd status` prints: whether a daemon runs, the spool backlog, and a table of every source's health with
/// the failing ones first, each followed by its last error and the feeds that are not well.
///
/// Built from the state database, which newsd keeps in WAL mode so it can be read while the daemon writes.
public struct StatusReport: Sendable {
    /// The process holding the state directory's lock, `nil` when no daemon runs.
    public var daemon: DirectoryLockHolder?
    public var spoolDirectory: String
    public var stateDirectory: String
    /// Records waiting in the spool's `new/`, `nil` if it could not be read.
    public var backlog: Int?
    public var sources: [SourceConfiguration]
    public var health: [SourceHealth]
    public var feedStates: [FeedState]
    /// Items taken in (marked seen) per source since `todayStart`, as the daemon counts "items today".
    public var itemsToday: [String: Int]

    public init(daemon: DirectoryLockHolder?, spoolDirectory: String, stateDirectory: String, backlog: Int?,
                sources: [SourceConfiguration], health: [SourceHealth], feedStates: [FeedState],
                itemsToday: [String: Int])
    {
        self.daemon = daemon
        self.spoolDirectory = spoolDirectory
        self.stateDirectory = stateDirectory
        self.backlog = backlog
        self.sources = sources
        self.health = health
        self.feedStates = feedStates
        self.itemsToday = itemsToday
    }

    /// The start of the current UTC day: what "today" means in the report.
    /// The daemon's `STATUS=` line counts "items today" from the same midnight (``RunStatus``).
    public static func todayStart(now: Date) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// A source's standing, in the order the table lists them.
    enum Standing: Int, Comparable {
        case failing, ok, notPolled, disabled

        static func < (lhs: Standing, rhs: Standing) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private struct Row {
        var source: SourceConfiguration
        var health: SourceHealth?
        var standing: Standing
    }

    public var text: String {
        let byID = Dictionary(health.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = sources.map { source -> Row in
            let entry = byID[source.id]
            let standing: Standing = if !source.enabled { .disabled }
                else if let entry { entry.consecutiveFailures > 0 ? .failing : .ok }
                else { .notPolled }
            return Row(source: source, health: entry, standing: standing)
        }.sorted { ($0.standing, $0.source.id) < ($1.standing, $1.source.id) }

        var lines: [String] = []
        let daemonText = daemon.map { "running (pid \($0.pid.map(String.init) ?? "unknown"))" } ?? "not running"
        lines.append("daemon   \(daemonText)")
        lines.append("spool    \(spoolDirectory): \(backlog.map(String.init) ?? "?") record(s) waiting in new/")
        lines.append("state    \(stateDirectory)")
        let count = { (standing: Standing) in rows.filter { $0.standing == standing }.count }
        lines.append("sources  \(rows.count) configured: \(count(.failing)) FAILING, \(count(.ok)) ok, "
            + "\(count(.notPolled)) not polled yet, \(count(.disabled)) disabled; "
            + "\(itemsToday.values.reduce(0, +)) item(s) taken in today (UTC)")
        guard !rows.isEmpty else { return lines.joined(separator: "\n") }
        lines.append("")

        let feedsBySource = Dictionary(grouping: feedStates, by: \.source)
        var table = [["SOURCE", "STATE", "LAST SUCCESS", "LAST ERROR", "NEXT POLL", "ITEMS", "TODAY"]]
        var details: [[String]] = [[]]
        for row in rows {
            let health = row.health
            table.append([
                row.source.id, Self.standingText(row.standing, health), Self.date(health?.lastSuccess),
                Self.date(health?.lastErrorAt), row.source.enabled ? Self.date(health?.nextPoll) : "-",
                health.map { String($0.itemsTotal) } ?? "0", String(itemsToday[row.source.id] ?? 0),
            ])
            var notes: [String] = []
            if row.standing == .failing, let error = health?.lastError {
                notes.append("    last error: \(error)")
            }
            let configuration = SourceFingerprint.of(row.source)
            let states = Dictionary((feedsBySource[row.source.id] ?? []).map { ($0.url, $0) },
                                    uniquingKeysWith: { first, _ in first })
            for feed in row.source.feeds {
                guard let state = states[feed], Self.needsAttention(state, configuration: configuration) else {
                    continue
                }
                notes.append("    " + FeedStatusLine.text(feed: feed, state: state, configuration: configuration))
            }
            details.append(notes)
        }
        let numeric: Set<Int> = [5, 6]
        let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
        for (index, cells) in table.enumerated() {
            let padded = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return numeric.contains(column) ? padding + cell : cell + padding
            }
            lines.append(padded.joined(separator: "  ").trimmingTrailingSpaces())
            lines.append(contentsOf: details[index])
        }
        return lines.joined(separator: "\n")
    }

    private static func standingText(_ standing: Standing, _ health: SourceHealth?) -> String {
        switch standing {
        case .failing: "FAILING (\(health?.consecutiveFailures ?? 0) in a row)"
        case .ok: "ok"
        case .notPolled: "not polled yet"
        case .disabled: "disabled"
        }
    }

    /// Whether a feed's line is worth showing: it fails, is gone, or moved.
    private static func needsAttention(_ state: FeedState, configuration: String) -> Bool {
        state.consecutiveFailures > 0 || state.currentURL != nil
            || (state.goneAt != nil && state.goneConfiguration == configuration)
    }

    private static func date(_ value: Date?) -> String {
        value.map { $0.formatted(.iso8601) } ?? "-"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
