public import Foundation
public import NewsdConfig
public import NewsdState

/// Every source's next poll, and which sources are being polled: the state behind ``PollScheduler``.
///
/// A pure state machine: the scheduler feeds it the time and events (start, a reload, the timer fired, a pass
/// finished) and arms its one timer for ``nextWake``; the rules themselves are ``PollInterval``'s. A source taken as
/// due counts as polling until its pass completes, so it is never due twice at once.
public struct PollSchedule: Sendable {
    /// One source's bounds and schedule.
    public struct Entry: Sendable, Equatable {
        public var bounds: PollBounds
        public var schedule: SourceSchedule
        /// Taken as due and not completed yet.
        public var isPolling: Bool
    }

    public private(set) var entries: [String: Entry] = [:]
    /// The latest time an event brought, to notice the wall clock being set back.
    private var latestNow: Date?

    public init() {}

    /// Follows the wall clock being set back (an NTP correction, a clock that started ahead): every schedule moves
    /// back by as much, so sources keep their waits instead of waiting out the jump as well. A clock moving forward
    /// needs nothing: sources simply fall due.
    private mutating func follow(now: Date) {
        defer { latestNow = max(latestNow ?? now, now) }
        guard let latestNow, now < latestNow else { return }
        let shift = now.timeIntervalSince(latestNow)
        for id in entries.keys {
            entries[id]?.schedule.shift(by: shift)
        }
    }

    /// Takes up the configured sources: a source already scheduled keeps its schedule under its new bounds (its
    /// next poll no further off than its new `max_interval`); a new one resumes its saved schedule, or is polled
    /// soon (new sources spread over ``PollInterval/startSpread(sources:)``); a source no longer configured is
    /// dropped.
    public mutating func update(sources: [SourceConfiguration], saved: [SourceSchedule], now: Date,
                                random: (ClosedRange<Double>) -> Double)
    {
        follow(now: now)
        let savedByID = Dictionary(saved.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        let spread = PollInterval.startSpread(sources: sources.count { entries[$0.id] == nil })
        var updated: [String: Entry] = [:]
        for source in sources {
            let bounds = PollBounds(source)
            if var entry = entries[source.id] {
                if entry.bounds != bounds {
                    entry.bounds = bounds
                    entry.schedule.learnedInterval = bounds.clamped(entry.schedule.learnedInterval)
                    let latest = now.addingTimeInterval(bounds.maximum / .seconds(1))
                    entry.schedule.nextPollAt = min(entry.schedule.nextPollAt, latest)
                }
                updated[source.id] = entry
            } else if let schedule = savedByID[source.id] {
                updated[source.id] = Entry(
                    bounds: bounds, schedule: PollInterval.resumed(schedule, bounds: bounds, now: now, spread: spread,
                                                   random: random),
                    isPolling: false)
            } else {
                updated[source.id] = Entry(
                    bounds: bounds, schedule: PollInterval.fresh(source: source.id, bounds: bounds, now: now,
                                                                 spread: spread, random: random),
                    isPolling: false)
            }
        }
        entries = updated
    }

    /// The sources due at `now` and not being polled, in id order; they count as polling from now on.
    public mutating func takeDue(now: Date) -> [String] {
        follow(now: now)
        let due = entries.filter { !$0.value.isPolling && $0.value.schedule.nextPollAt <= now }.keys.sorted()
        for id in due {
            entries[id]?.isPolling = true
        }
        return due
    }

    /// When the next source falls due, or `nil` when none is waiting.
    public var nextWake: Date? {
        entries.values.lazy.filter { !$0.isPolling }.map(\.schedule.nextPollAt).min()
    }

    /// A pass over a source ended at `now`: its new schedule, to save, or `nil` for a source no longer configured.
    public mutating func completed(_ report: SourcePassReport, now: Date, random: (ClosedRange<Double>) -> Double)
        -> SourceSchedule?
    {
        follow(now: now)
        guard var entry = entries[report.sourceID] else { return nil }
        entry.schedule = PollInterval.next(after: report, schedule: entry.schedule, bounds: entry.bounds, now: now,
                                           random: random)
        entry.isPolling = false
        entries[report.sourceID] = entry
        return entry.schedule
    }
}

extension SourceSchedule {
    /// Moves the schedule's own times (last and next poll) by `seconds`, for a wall clock that was set.
    mutating func shift(by seconds: TimeInterval) {
        nextPollAt.addTimeInterval(seconds)
        lastPollAt?.addTimeInterval(seconds)
    }
}
