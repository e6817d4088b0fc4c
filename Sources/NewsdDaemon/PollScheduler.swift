import Dispatch
public import Foundation
public import NewsdConfig
public import NewsdState

/// Wakes the daemon when sources fall due: one timer for every source, re-armed to the earliest next poll.
///
/// Owns a ``PollSchedule`` bound to its own serial queue and one `DispatchSourceTimer` on that queue. When the
/// timer fires, the sources due are handed to `onDue` (the ``PassRunner``); when a pass ends, ``completed(_:)``
/// computes the source's next poll by ``PollInterval`` and re-arms the timer. Time comes from the injected clock;
/// the timer only decides when to look at it again.
public final class PollScheduler: Sendable {
    private let queue = DispatchQueue(label: "newsd.scheduler")
    private let schedule: QueueBound<PollSchedule>
    private let timer: QueueBound<any DispatchSourceTimer>
    /// Whether ``start()`` ran: until then the timer stays pointed at the distant future.
    private let started: QueueBound<Bool>
    private let clock: @Sendable () -> Date
    private let random: @Sendable (ClosedRange<Double>) -> Double
    private let onDue: @Sendable ([String]) -> Void

    /// The longest the timer sleeps before looking at the clock again. Schedules are wall-clock times but the
    /// timer counts monotonic time, which stands still while the machine is suspended and ignores the wall clock
    /// being set; waking at least this often bounds how late such a change is noticed.
    public static let longestSleep: Duration = .seconds(60)

    /// - Parameters:
    ///   - saved: the schedules saved by an earlier run; a source without one is polled soon after ``start()``.
    ///   - onDue: called on the scheduler's queue with the sources that fell due.
    public init(sources: [SourceConfiguration], saved: [SourceSchedule], clock: @escaping @Sendable () -> Date,
                random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) },
                onDue: @escaping @Sendable ([String]) -> Void)
    {
        self.clock = clock
        self.random = random
        self.onDue = onDue
        var initial = PollSchedule()
        initial.update(sources: sources, saved: saved, now: clock(), random: random)
        self.schedule = QueueBound(initial, queue: queue)
        self.started = QueueBound(false, queue: queue)
        // The timer is resumed at once, pointed nowhere until start(): a Dispatch source released while suspended
        // traps, and a scheduler may be made and dropped without ever starting.
        let timer = DispatchSource.makeTimerSource(queue: queue)
        self.timer = QueueBound(timer, queue: queue)
        timer.schedule(deadline: .distantFuture, leeway: .seconds(1))
        timer.setEventHandler { [weak self] in self?.fire() }
        timer.resume()
    }

    /// Starts the timer.
    public func start() {
        queue.async {
            self.started.value = true
            self.arm()
        }
    }

    /// Stops the timer for good; nothing falls due afterwards.
    public func stop() {
        queue.sync { timer.value.cancel() }
    }

    /// A reload: added sources resume their `saved` schedule (a source removed by an earlier reload and added back
    /// keeps what it learned) or are polled soon, removed ones are dropped, changed ones take their new bounds.
    public func update(sources: [SourceConfiguration], saved: [SourceSchedule] = []) {
        queue.async {
            self.schedule.value.update(sources: sources, saved: saved, now: self.clock(), random: self.random)
            self.arm()
        }
    }

    /// A pass ended: returns the source's new schedule (to save and show), or `nil` for a source no longer
    /// configured.
    public func completed(_ report: SourcePassReport) -> SourceSchedule? {
        queue.sync {
            let next = schedule.value.completed(report, now: clock(), random: random)
            arm()
            return next
        }
    }

    /// A watchdog probe: `answer` runs on the scheduler's queue, with how long ago the earliest next poll fell due
    /// without being taken (zero when nothing is overdue). Overdue sources mean the timer stopped firing.
    func probe(_ answer: @escaping @Sendable (_ overdue: TimeInterval) -> Void) {
        queue.async {
            let overdue = self.schedule.value.nextWake.map { self.clock().timeIntervalSince($0) } ?? 0
            answer(max(0, overdue))
        }
    }

    /// Every source's current schedule, by id.
    public var entries: [String: PollSchedule.Entry] {
        queue.sync { schedule.value.entries }
    }

    private func fire() {
        let due = schedule.value.takeDue(now: clock())
        if !due.isEmpty {
            onDue(due)
        }
        arm()
    }

    /// Points the timer at the earliest next poll (a wake in the past fires at once), or ``longestSleep`` from now
    /// if that is sooner.
    private func arm() {
        guard started.value, !timer.value.isCancelled else { return }
        guard let wake = schedule.value.nextWake else {
            timer.value.schedule(deadline: .distantFuture, leeway: .seconds(1))
            return
        }
        let delay = min(max(0, wake.timeIntervalSince(clock())), Self.longestSleep / .seconds(1))
        let leeway = DispatchTimeInterval.milliseconds(Int(min(1000, max(1, delay * 10))))
        timer.value.schedule(deadline: .now() + .milliseconds(Int(delay * 1000)), leeway: leeway)
    }
}
