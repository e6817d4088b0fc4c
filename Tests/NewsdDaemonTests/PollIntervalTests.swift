import Foundation
import NewsdConfig
import NewsdDaemon
import NewsdState
import Testing

/// The scheduling rules with a fixed clock and fixed randomness: 15m to start, adapting between 5m and 1h.
@Suite("Poll interval rules")
struct PollIntervalTests {
    let start = Date(timeIntervalSince1970: 1_795_435_200)
    let bounds = PollBounds(initial: .seconds(900), minimum: .seconds(300), maximum: .seconds(3600))
    /// No jitter: the middle of whatever range is asked.
    let middle: (ClosedRange<Double>) -> Double = { ($0.lowerBound + $0.upperBound) / 2 }

    func minutes(_ value: Double) -> TimeInterval { value * 60 }

    /// A schedule polled last at `start`, having learned `learned`, with `newest` as the newest item seen.
    func schedule(learned: Duration = .seconds(900), newest: Date? = nil) -> SourceSchedule {
        SourceSchedule(source: "s", learnedInterval: learned, newestItemAt: newest, lastPollAt: start,
                       nextPollAt: start.addingTimeInterval(900))
    }

    /// A pass that fetched its feed and found items published at these minutes after `start`.
    func report(newItemsAt minutesAfterStart: [Double] = [], undated: Int = 0, fetched: Int = 1) -> SourcePassReport {
        var report = SourcePassReport(sourceID: "s")
        report.feedsFetched = fetched
        report.newItemDates = minutesAfterStart.map { start.addingTimeInterval(minutes($0)) }
        report.itemsNew = minutesAfterStart.count + undated
        return report
    }

    func next(_ report: SourcePassReport, _ schedule: SourceSchedule, at now: Date,
              random: (ClosedRange<Double>) -> Double) -> SourceSchedule
    {
        PollInterval.next(after: report, schedule: schedule, bounds: bounds, now: now, random: random)
    }

    @Test("a source publishing more often than it is polled is polled sooner")
    func adaptsFaster() {
        // Three new items 5 minutes apart since the newest one seen before (at start).
        let now = start.addingTimeInterval(minutes(15))
        let result = next(report(newItemsAt: [5, 10, 15]), schedule(newest: start), at: now, random: middle)
        // 0.7 · 15m + 0.3 · 5m = 12m.
        #expect(result.learnedInterval == .seconds(720))
        #expect(result.nextPollAt == now.addingTimeInterval(720))
        #expect(result.newestItemAt == now)
    }

    @Test("a source with nothing new is polled later, towards max_interval")
    func adaptsSlower() {
        let now = start.addingTimeInterval(minutes(15))
        let result = next(report(), schedule(newest: start), at: now, random: middle)
        // Nothing for 15m: the gap is at least 30m; 0.7 · 15m + 0.3 · 30m = 19m30s.
        #expect(result.learnedInterval == .seconds(1170))
        var drifting = result
        for poll in 1...40 {
            drifting = next(report(), drifting, at: drifting.nextPollAt, random: middle)
            #expect(drifting.learnedInterval <= .seconds(3600), "poll \(poll)")
        }
        #expect(drifting.learnedInterval > .seconds(3599))
    }

    @Test("one burst moves the interval only part of the way")
    func smoothed() {
        let now = start.addingTimeInterval(minutes(15))
        let burst = next(report(newItemsAt: Array(repeating: 14, count: 30)), schedule(newest: start), at: now,
                         random: middle)
        // The gap is 14m / 30 = 28s, clamped only afterwards: 0.7 · 15m + 0.3 · 28s = 10m38.4s.
        #expect(burst.learnedInterval == .milliseconds(638_400))
    }

    @Test("the learned interval never leaves min_interval…max_interval")
    func clamps() {
        let now = start.addingTimeInterval(minutes(15))
        // 0.7 · 5m20s + 0.3 · 1s is below 5m; 0.7 · 1h + 0.3 · 1h is not above 1h.
        let busy = next(report(newItemsAt: [15]), schedule(learned: .seconds(320), newest: now.addingTimeInterval(-1)),
                        at: now, random: middle)
        let quiet = next(report(), schedule(learned: .seconds(3600)), at: start.addingTimeInterval(86_400),
                         random: middle)
        #expect(busy.learnedInterval == .seconds(300))
        #expect(quiet.learnedInterval == .seconds(3600))
    }

    @Test("new items without dates count per poll: items over the time since the last poll")
    func undatedItems() {
        let now = start.addingTimeInterval(minutes(20))
        let result = next(report(undated: 4), schedule(), at: now, random: middle)
        // 20m / 4 = 5m; 0.7 · 15m + 0.3 · 5m = 12m.
        #expect(result.learnedInterval == .seconds(720))
    }

    @Test("dated items no newer than the newest seen count as nothing new")
    func oldItemsAreNotNew() {
        let now = start.addingTimeInterval(minutes(15))
        let result = next(report(newItemsAt: [-30, -10]), schedule(newest: start), at: now, random: middle)
        #expect(result.learnedInterval == .seconds(1170))
        #expect(result.newestItemAt == start)
    }

    @Test("a source's first poll learns from the gaps between the items its feed lists")
    func firstPollUsesItemDates() {
        let first = SourceSchedule(source: "s", learnedInterval: .seconds(900), nextPollAt: start)
        let result = next(report(newItemsAt: [-40, -30, -20, -10]), first, at: start, random: middle)
        // 0.7 · 15m + 0.3 · 10m = 13m30s.
        #expect(result.learnedInterval == .seconds(810))
    }

    @Test("a <ttl> or max-age longer than the learned interval raises the wait")
    func hintRaisesFloor() {
        var hinted = report()
        hinted.freshFor = .seconds(2400)
        let result = next(hinted, schedule(learned: .seconds(300)), at: start, random: middle)
        #expect(result.nextPollAt == start.addingTimeInterval(2400))
        // The hint is not learned: without it the source polls at its own pace again.
        #expect(result.learnedInterval < .seconds(600))
    }

    @Test("a hint shorter than the learned interval changes nothing")
    func shortHintIgnored() {
        var hinted = report()
        hinted.freshFor = .seconds(60)
        let withHint = next(hinted, schedule(), at: start.addingTimeInterval(900), random: middle)
        let without = next(report(), schedule(), at: start.addingTimeInterval(900), random: middle)
        #expect(withHint == without)
    }

    @Test("a hint beyond max_interval is capped at max_interval")
    func hintCapped() {
        var hinted = report()
        hinted.freshFor = .seconds(86_400)
        let result = next(hinted, schedule(), at: start, random: middle)
        #expect(result.nextPollAt == start.addingTimeInterval(3600))
    }

    @Test("Retry-After beyond max_interval is honoured when no feed could be fetched")
    func retryAfterBeyondMaximum() {
        var failed = report(fetched: 0)
        failed.retryNotBefore = start.addingTimeInterval(3 * 3600)
        let result = next(failed, schedule(), at: start, random: middle)
        #expect(result.nextPollAt == start.addingTimeInterval(3 * 3600))
        #expect(result.learnedInterval == .seconds(900))
    }

    @Test("a failing source backs off but is always polled again, at a finite time")
    func backoffNeverDrops() {
        var state = schedule()
        var now = start
        for failures in 1...50 {
            var failed = report(fetched: 0)
            failed.retryNotBefore = now.addingTimeInterval(min(60 * pow(2, Double(failures - 1)), 6 * 3600))
            state = next(failed, state, at: now, random: middle)
            #expect(state.nextPollAt > now)
            #expect(state.nextPollAt <= now.addingTimeInterval(6 * 3600))
            now = state.nextPollAt
        }
    }

    @Test("a feed that is fetched while another fails keeps the source on its own pace")
    func partialFailure() {
        var mixed = report()
        mixed.retryNotBefore = start.addingTimeInterval(6 * 3600)
        let result = next(mixed, schedule(), at: start.addingTimeInterval(900), random: middle)
        #expect(result.nextPollAt < start.addingTimeInterval(2 * 3600))
    }

    @Test("a pass cut short by a stop teaches nothing and leaves the source due at once")
    func interrupted() {
        var cut = report(newItemsAt: [1, 2, 3])
        cut.interrupted = true
        let now = start.addingTimeInterval(900)
        let result = next(cut, schedule(newest: start), at: now, random: middle)
        #expect(result.nextPollAt == now)
        #expect(result.learnedInterval == .seconds(900))
        #expect(result.lastPollAt == start)
    }

    @Test("jitter stays within ±10% and within the bounds")
    func jitterBounds() {
        let now = start.addingTimeInterval(900)
        let low = next(report(newItemsAt: [15]), schedule(newest: start), at: now, random: { $0.lowerBound })
        let high = next(report(newItemsAt: [15]), schedule(newest: start), at: now, random: { $0.upperBound })
        #expect(low.nextPollAt == now.addingTimeInterval(810))
        #expect(high.nextPollAt == now.addingTimeInterval(990))
        let dayLater = start.addingTimeInterval(86_400)
        let atMaximum = next(report(), schedule(learned: .seconds(3600)), at: dayLater, random: { $0.upperBound })
        #expect(atMaximum.nextPollAt == dayLater.addingTimeInterval(3600))
        let wild = next(report(), schedule(), at: now, random: { _ in 5 })
        #expect(wild.nextPollAt <= now.addingTimeInterval(1.1 * 1170))
    }

    @Test("a never-polled source is first polled soon, at a random point of the start spread")
    func firstPollSpread() {
        let spread = PollInterval.startSpread(sources: 200)
        #expect(spread == .seconds(10))
        #expect(PollInterval.startSpread(sources: 5000) == .seconds(30))
        let early = PollInterval.fresh(source: "s", bounds: bounds, now: start, spread: spread,
                                       random: { $0.lowerBound })
        let late = PollInterval.fresh(source: "s", bounds: bounds, now: start, spread: spread,
                                      random: { $0.upperBound })
        #expect(early.nextPollAt == start)
        #expect(late.nextPollAt == start.addingTimeInterval(10))
        #expect(late.learnedInterval == .seconds(900))
    }

    @Test("on restart a past next poll becomes soon and a future one is kept")
    func restartKeepsSchedule() {
        let now = start.addingTimeInterval(3600)
        let overdue = SourceSchedule(source: "a", learnedInterval: .seconds(1200), lastPollAt: start,
                                     nextPollAt: start.addingTimeInterval(1200))
        let waiting = SourceSchedule(source: "b", learnedInterval: .seconds(2400), lastPollAt: start,
                                     nextPollAt: now.addingTimeInterval(600))
        let spread = Duration.seconds(30)
        let resumedOverdue = PollInterval.resumed(overdue, bounds: bounds, now: now, spread: spread,
                                                  random: { $0.upperBound })
        let resumedWaiting = PollInterval.resumed(waiting, bounds: bounds, now: now, spread: spread,
                                                  random: { $0.upperBound })
        #expect(resumedOverdue.nextPollAt == now.addingTimeInterval(30))
        #expect(resumedOverdue.learnedInterval == .seconds(1200))
        #expect(resumedWaiting == waiting)
    }

    @Test("a saved learned interval outside new bounds is moved into them")
    func resumedUnderNewBounds() {
        let saved = SourceSchedule(source: "a", learnedInterval: .seconds(7200), nextPollAt: start)
        #expect(PollInterval.resumed(saved, bounds: bounds, now: start, spread: .zero, random: middle).learnedInterval
            == .seconds(3600))
    }
}
