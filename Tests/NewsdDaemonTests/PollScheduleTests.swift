import Foundation
import NewsdConfig
import NewsdDaemon
import NewsdState
import Testing

@Suite("Poll schedule")
struct PollScheduleTests {
    let start = Date(timeIntervalSince1970: 1_795_435_200)
    let earliest: (ClosedRange<Double>) -> Double = { $0.lowerBound }
    let latest: (ClosedRange<Double>) -> Double = { $0.upperBound }

    func source(_ id: String, interval: Int = 900, maximum: Int? = nil) -> SourceConfiguration {
        SourceConfiguration(id: id, feeds: ["https://\(id).example/feed"], interval: .seconds(interval),
                            maxInterval: maximum.map { .seconds($0) }, file: "/etc/newsd/sources.d/\(id).yaml")
    }

    func fetched(_ id: String) -> SourcePassReport {
        var report = SourcePassReport(sourceID: id)
        report.feedsFetched = 1
        return report
    }

    @Test("a source taken as due is not due again until its pass completes")
    func dueOnceWhilePolling() {
        var schedule = PollSchedule()
        schedule.update(sources: [source("a")], saved: [], now: start, random: earliest)
        #expect(schedule.takeDue(now: start) == ["a"])
        #expect(schedule.takeDue(now: start.addingTimeInterval(86_400)) == [])
        #expect(schedule.nextWake == nil)
        let next = schedule.completed(fetched("a"), now: start.addingTimeInterval(5), random: earliest)
        #expect(next?.nextPollAt == schedule.nextWake)
        #expect(schedule.nextWake.map { $0 > start.addingTimeInterval(5) } == true)
    }

    @Test("sources starting together are spread over a window growing with their number")
    func startSpread() {
        var schedule = PollSchedule()
        let draws = LockedDraws([0.0, 0.5, 1.0])
        schedule.update(sources: [source("a"), source("b"), source("c")], saved: [], now: start,
                        random: { _ in draws.next() })
        let times = schedule.entries.values.map(\.schedule.nextPollAt).sorted()
        // Three sources: 50ms apart on average, over 150ms.
        #expect(times == [start, start.addingTimeInterval(0.075), start.addingTimeInterval(0.15)])
        #expect(schedule.takeDue(now: start).count == 1)
    }

    @Test("a reload adds new sources soon, drops removed ones and keeps the rest's schedule")
    func reload() {
        var schedule = PollSchedule()
        schedule.update(sources: [source("a"), source("b")], saved: [], now: start, random: earliest)
        _ = schedule.takeDue(now: start)
        _ = schedule.completed(fetched("a"), now: start, random: earliest)
        let aBefore = schedule.entries["a"]?.schedule
        let later = start.addingTimeInterval(60)
        schedule.update(sources: [source("a"), source("c")], saved: [], now: later, random: latest)
        #expect(schedule.entries.keys.sorted() == ["a", "c"])
        #expect(schedule.entries["a"]?.schedule == aBefore)
        #expect(schedule.entries["c"]?.schedule.nextPollAt == later.addingTimeInterval(0.05))
        #expect(schedule.completed(fetched("b"), now: later, random: earliest) == nil)
    }

    @Test("a reload with a shorter max_interval pulls the next poll in")
    func reloadNewBounds() {
        var schedule = PollSchedule()
        let saved = SourceSchedule(source: "a", learnedInterval: .seconds(3600),
                                   nextPollAt: start.addingTimeInterval(3000))
        schedule.update(sources: [source("a")], saved: [saved], now: start, random: earliest)
        #expect(schedule.entries["a"]?.schedule.nextPollAt == start.addingTimeInterval(3000))
        schedule.update(sources: [source("a", interval: 600, maximum: 1200)], saved: [], now: start, random: earliest)
        #expect(schedule.entries["a"]?.schedule.nextPollAt == start.addingTimeInterval(1200))
        #expect(schedule.entries["a"]?.schedule.learnedInterval == .seconds(1200))
    }

    @Test("a saved next poll further off than a max_interval lowered while newsd was down is pulled in at start")
    func restartWithLowerMaximum() {
        var schedule = PollSchedule()
        let saved = SourceSchedule(source: "a", learnedInterval: .seconds(3600), lastPollAt: start,
                                   nextPollAt: start.addingTimeInterval(3600))
        let restart = start.addingTimeInterval(60)
        schedule.update(sources: [source("a", interval: 600, maximum: 1200)], saved: [saved], now: restart,
                        random: earliest)
        #expect(schedule.entries["a"]?.schedule.nextPollAt == restart.addingTimeInterval(1200))
        #expect(schedule.entries["a"]?.schedule.learnedInterval == .seconds(1200))
    }

    @Test("when the wall clock is set back, every next poll moves back with it instead of waiting out the jump")
    func clockSetBack() throws {
        var schedule = PollSchedule()
        schedule.update(sources: [source("a"), source("b")], saved: [], now: start, random: earliest)
        #expect(schedule.takeDue(now: start) == ["a", "b"])
        let a = schedule.completed(fetched("a"), now: start.addingTimeInterval(10), random: earliest)
        let wait = try #require(a).nextPollAt.timeIntervalSince(start.addingTimeInterval(10))
        // The clock is corrected back by a day while b's pass runs.
        let setBack = start.addingTimeInterval(20 - 86_400)
        let b = schedule.completed(fetched("b"), now: setBack, random: earliest)
        #expect(b?.nextPollAt.timeIntervalSince(setBack) == wait)
        #expect(schedule.entries["a"]?.schedule.nextPollAt == start.addingTimeInterval(10 + wait - 86_390))
        #expect(schedule.takeDue(now: setBack.addingTimeInterval(wait)) == ["a", "b"])
    }

    @Test("a saved schedule from a clock that was ahead is moved back to now")
    func savedFromClockAhead() {
        var schedule = PollSchedule()
        let saved = SourceSchedule(source: "a", learnedInterval: .seconds(900),
                                   lastPollAt: start.addingTimeInterval(86_400),
                                   nextPollAt: start.addingTimeInterval(86_400 + 900))
        schedule.update(sources: [source("a")], saved: [saved], now: start, random: earliest)
        #expect(schedule.entries["a"]?.schedule.nextPollAt == start.addingTimeInterval(900))
        #expect(schedule.entries["a"]?.schedule.lastPollAt == start)
    }
}

/// Fixed draws handed out in order, for a `random` closure.
final class LockedDraws: @unchecked Sendable {
    private let lock = NSLock()
    private var draws: [Double]

    init(_ draws: [Double]) {
        self.draws = draws
    }

    func next() -> Double {
        lock.withLock { draws.isEmpty ? 0 : draws.removeFirst() }
    }
}
