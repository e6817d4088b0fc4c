import Foundation

/// The one-line status systemd shows (`systemctl status newsd`): sources, items taken in today (UTC), records
/// written since start and failing sources, prefixed with what is stuck while the watchdog withholds its ping.
final class RunStatus: @unchecked Sendable {
    /// At most this many failing source ids are named; the count covers the rest.
    static let namedFailingLimit = 5

    private let lock = NSLock()
    private let clock: @Sendable () -> Date
    private var sourceCount: Int
    private var day: Date
    private var itemsToday: Int
    private var recordsWritten = 0
    private var failing: Set<String> = []
    private var stuck: String?

    /// - Parameter itemsToday: items already taken in since the last UTC midnight (from the state database).
    init(sourceCount: Int, itemsToday: Int, clock: @escaping @Sendable () -> Date) {
        self.sourceCount = sourceCount
        self.itemsToday = itemsToday
        self.clock = clock
        self.day = StatusReport.todayStart(now: clock())
    }

    /// Counts a finished pass and returns the new status line.
    func record(_ report: SourcePassReport) -> String {
        lock.withLock {
            rollDay()
            itemsToday += report.itemsTaken
            recordsWritten += report.recordsWritten
            if report.succeeded {
                failing.remove(report.sourceID)
            } else {
                failing.insert(report.sourceID)
            }
            return lineLocked()
        }
    }

    /// Takes a reloaded configuration's enabled sources; removed sources no longer count as failing.
    func sourcesChanged(to sources: Set<String>) -> String {
        lock.withLock {
            sourceCount = sources.count
            failing.formIntersection(sources)
            return lineLocked()
        }
    }

    /// Sets (or with `nil` clears) what the watchdog found stuck, and returns the new status line.
    func stuck(_ reason: String?) -> String {
        lock.withLock {
            stuck = reason
            return lineLocked()
        }
    }

    /// The status line now.
    var line: String {
        lock.withLock {
            rollDay()
            return lineLocked()
        }
    }

    private func rollDay() {
        let today = StatusReport.todayStart(now: clock())
        if today != day {
            day = today
            itemsToday = 0
        }
    }

    private func lineLocked() -> String {
        let sources = sourceCount == 1 ? "1 source" : "\(sourceCount) sources"
        var names = failing.sorted().prefix(Self.namedFailingLimit).joined(separator: ", ")
        if failing.count > Self.namedFailingLimit { names += ", …" }
        let failingList = failing.isEmpty ? "" : " (\(names))"
        let summary = "\(sources), \(itemsToday) items today, \(recordsWritten) records written since start, "
            + "\(failing.count) failing\(failingList)"
        return stuck.map { "STUCK, watchdog not pinged: \($0); \(summary)" } ?? summary
    }
}
