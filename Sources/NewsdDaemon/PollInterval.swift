public import Foundation
public import NewsdConfig
public import NewsdState

/// The bounds a source's poll interval moves within, from its configuration.
public struct PollBounds: Sendable, Equatable {
    /// Where the learned interval starts for a source never polled (`interval`).
    public var initial: Duration
    /// The shortest wait between polls (`min_interval`).
    public var minimum: Duration
    /// The longest wait between polls of a healthy source (`max_interval`).
    public var maximum: Duration

    public init(initial: Duration, minimum: Duration, maximum: Duration) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
        self.initial = min(max(initial, self.minimum), self.maximum)
    }

    /// The bounds a source file sets.
    public init(_ source: SourceConfiguration) {
        self.init(initial: source.interval, minimum: source.minInterval, maximum: source.maxInterval)
    }

    /// `interval` moved into the bounds.
    func clamped(_ interval: Duration) -> Duration {
        min(max(interval, minimum), maximum)
    }
}

/// The rules for when a source is polled next: adapt to how often it publishes, respect the server's hints, spread
/// sources apart, and back off while it fails — without ever dropping it.
///
/// Pure: the time and the randomness for the jitter come in as arguments, so every rule is tested without a clock.
///
/// 1. **Pace.** Each pass that fetched at least one feed is an observation of the source's publishing gap: the
///    time between its new items' publication dates (measured from the newest date seen before, else between the
///    new items themselves); for items without dates, the time since the last poll divided by the new items; when
///    nothing is new, twice the time since the last poll (the gap is at least that long). The learned interval
///    moves a fraction ``smoothing`` of the way to the observation (an exponentially weighted average, so one
///    burst or one quiet spell does not swing it) and stays within `min_interval`…`max_interval`. A quiet source
///    drifts towards `max_interval`; a busy one towards `min_interval`.
/// 2. **Hints.** A freshness hint (`<ttl>`, `sy:updatePeriod`, `Cache-Control: max-age`, `Expires`) raises the
///    wait to the hint, but never beyond `max_interval`: the operator's freshness bound wins over a misconfigured
///    server. A hint does not change the learned interval.
/// 3. **Jitter.** The wait is scaled by a random factor within ±``jitter``, then kept within the bounds, so
///    sources that share a pace do not poll in lockstep.
/// 4. **Failures.** When no feed could be fetched, the pace is not learned from the pass, and the next poll is not
///    before the earliest retry time of its feeds (``FeedAttempts``: the backoff, or a server's `Retry-After`),
///    which may lie beyond `max_interval`. Backoff is capped, so a failing source is always polled again.
/// 5. **Interrupted.** A pass cut short by a stop teaches nothing and leaves the source due at once, so the items
///    it did not reach are taken up soon after the next start.
public enum PollInterval {
    /// How far one observation moves the learned interval (the EWMA's weight of the newest observation).
    public static let smoothing = 0.3
    /// The jitter's relative size: waits are scaled by a factor in `1 - jitter ... 1 + jitter`.
    public static let jitter = 0.1
    /// The longest window first polls are spread over at start-up (or when a reload adds sources).
    public static let longestStartSpread: Duration = .seconds(30)
    /// How far apart, on average, sources starting together are first polled: about 20 a second.
    public static let startSpacing: Duration = .milliseconds(50)

    /// The window `count` sources starting together are spread over: ``startSpacing`` each, at most
    /// ``longestStartSpread``.
    public static func startSpread(sources count: Int) -> Duration {
        min(longestStartSpread, startSpacing * max(1, count))
    }

    /// The schedule of a source that has no saved one: learned interval `initial`, first poll soon (within
    /// `spread`, jittered).
    public static func fresh(source: String, bounds: PollBounds, now: Date, spread: Duration,
                             random: (ClosedRange<Double>) -> Double) -> SourceSchedule
    {
        SourceSchedule(source: source, learnedInterval: bounds.initial,
                       nextPollAt: firstPoll(bounds: bounds, now: now, spread: spread, random: random))
    }

    /// A saved schedule taken up at start or after a reload: the learned interval is moved into the (possibly new)
    /// bounds; a next poll in the past becomes one soon (within `spread`, jittered), one in the future is kept, but
    /// no further off than `max_interval` — and if the last poll lies in the future too (the clock was set back
    /// since), both first move back by as much.
    public static func resumed(_ saved: SourceSchedule, bounds: PollBounds, now: Date, spread: Duration,
                               random: (ClosedRange<Double>) -> Double) -> SourceSchedule
    {
        var schedule = saved
        schedule.learnedInterval = bounds.clamped(saved.learnedInterval)
        if let lastPoll = saved.lastPollAt, lastPoll > now {
            // Saved by a clock that was ahead of this one: keep the wait, not the jump.
            schedule.shift(by: now.timeIntervalSince(lastPoll))
        }
        if schedule.nextPollAt <= now {
            schedule.nextPollAt = firstPoll(bounds: bounds, now: now, spread: spread, random: random)
        } else {
            // `max_interval` may have been lowered since; a feed's own backoff or Retry-After is kept by its feed
            // state, which makes an earlier pass skip it.
            schedule.nextPollAt = min(schedule.nextPollAt, now.addingTimeInterval(bounds.maximum / .seconds(1)))
        }
        return schedule
    }

    /// A poll "soon": a random point within `spread` (or `min_interval`, if shorter) of `now`, so the sources of a
    /// starting daemon do not all fetch at once.
    static func firstPoll(bounds: PollBounds, now: Date, spread: Duration,
                          random: (ClosedRange<Double>) -> Double) -> Date
    {
        let window = min(spread, bounds.minimum) / .seconds(1)
        return now.addingTimeInterval(window * min(1, max(0, random(0...1))))
    }

    /// The publishing gap one pass shows (rule 1), or `nil` when the pass shows none (no feed fetched, or the
    /// source's first poll without dated items).
    public static func observedGap(_ report: SourcePassReport, schedule: SourceSchedule, bounds: PollBounds,
                                   now: Date) -> Duration?
    {
        guard report.feedsFetched > 0 else { return nil }
        let newest = schedule.newestItemAt
        let dates = report.newItemDates.map { min($0, now) }.filter { date in newest.map { date > $0 } ?? true }
            .sorted()
        if let first = dates.first, let last = dates.last {
            if let newest {
                return seconds(last.timeIntervalSince(newest) / Double(dates.count))
            }
            if dates.count >= 2 {
                return seconds(last.timeIntervalSince(first) / Double(dates.count - 1))
            }
        }
        guard let lastPoll = schedule.lastPollAt else { return nil }
        let elapsed = max(0, now.timeIntervalSince(lastPoll))
        let undated = report.itemsNew - report.newItemDates.count
        if undated > 0 {
            return seconds(elapsed / Double(undated))
        }
        return min(bounds.maximum, seconds(2 * elapsed))
    }

    /// The source's schedule after a pass that ended at `now`: the learned interval, the newest item date, and the
    /// next poll (rules 1–5).
    public static func next(after report: SourcePassReport, schedule: SourceSchedule, bounds: PollBounds,
                            now: Date, random: (ClosedRange<Double>) -> Double) -> SourceSchedule
    {
        var updated = schedule
        if report.interrupted {
            updated.nextPollAt = now
            return updated
        }
        var learned = bounds.clamped(schedule.learnedInterval)
        if let gap = observedGap(report, schedule: schedule, bounds: bounds, now: now) {
            learned = bounds.clamped(seconds(
                (learned / .seconds(1)) * (1 - smoothing) + (gap / .seconds(1)) * smoothing))
        }
        updated.learnedInterval = learned
        if let newest = report.newItemDates.map({ min($0, now) }).max() {
            updated.newestItemAt = max(newest, schedule.newestItemAt ?? newest)
        }
        updated.lastPollAt = now

        var wait = learned
        if let hint = report.freshFor {
            wait = max(wait, min(hint, bounds.maximum))
        }
        let factor = min(1 + jitter, max(1 - jitter, random((1 - jitter)...(1 + jitter))))
        wait = bounds.clamped(seconds((wait / .seconds(1)) * factor))
        var next = now.addingTimeInterval(wait / .seconds(1))
        if report.feedsFetched == 0, let retry = report.retryNotBefore {
            next = max(next, retry)
        }
        updated.nextPollAt = next
        return updated
    }

    /// `value` seconds to the millisecond: schedules are stored and compared at that precision.
    private static func seconds(_ value: Double) -> Duration {
        .milliseconds(Int64((max(0, value) * 1000).rounded()))
    }
}
