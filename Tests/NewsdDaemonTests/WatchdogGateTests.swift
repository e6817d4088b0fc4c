import NewsdDaemon
import NewsdFetch
import Testing

@Suite("Watchdog gate")
struct WatchdogGateTests {
    private let start = ContinuousClock.now
    private let limit: Duration = .seconds(90)

    private func fetch(running: Int, lastProgress: ContinuousClock.Instant?) -> FetchEngineSnapshot {
        FetchEngineSnapshot(running: running, waiting: 0, started: running, lastProgress: lastProgress)
    }

    @Test("an idle daemon whose queues all answer is pinged")
    func idlePings() {
        var gate = WatchdogGate(stallLimit: limit)
        let action = gate.observe(.init(now: start + .seconds(3_600), fetch: fetch(running: 0, lastProgress: nil),
                                        passes: PassActivity(running: 0, lastEvent: nil)))
        #expect(action == .ping)
    }

    @Test("a queue that did not run its probe withholds the ping, naming the queue")
    func unansweredProbeWithholds() {
        var gate = WatchdogGate(stallLimit: limit)
        let action = gate.observe(.init(now: start, unansweredProbes: ["story desk"]))
        #expect(action == .withhold(reason: "queue story desk did not answer its probe"))
    }

    @Test("running transfers without progress beyond the stall limit withhold the ping")
    func stalledTransfersWithhold() {
        var gate = WatchdogGate(stallLimit: limit)
        let action = gate.observe(.init(now: start + .seconds(91), fetch: fetch(running: 2, lastProgress: start)))
        #expect(action == .withhold(
            reason: "fetch engine: 2 transfer(s) running with no progress for 91s (limit 90s)"))
    }

    @Test("running transfers that made progress within the stall limit are pinged")
    func progressingTransfersPing() {
        var gate = WatchdogGate(stallLimit: limit)
        #expect(gate.observe(.init(now: start + .seconds(89), fetch: fetch(running: 2, lastProgress: start)))
            == .ping)
    }

    @Test("transfers running before any progress count from when the gate first saw them")
    func stallClockStartsAtFirstSight() {
        var gate = WatchdogGate(stallLimit: limit)
        #expect(gate.observe(.init(now: start, fetch: fetch(running: 1, lastProgress: nil))) == .ping)
        #expect(gate.observe(.init(now: start + .seconds(80), fetch: fetch(running: 1, lastProgress: nil))) == .ping)
        #expect(gate.observe(.init(now: start + .seconds(100), fetch: fetch(running: 1, lastProgress: nil)))
            == .withhold(reason: "fetch engine: 1 transfer(s) running with no progress for 100s (limit 90s)"))
    }

    @Test("running passes with neither a pass event nor fetch progress beyond the stall limit withhold the ping")
    func stalledPassesWithhold() {
        var gate = WatchdogGate(stallLimit: limit)
        let action = gate.observe(.init(now: start + .seconds(200), fetch: fetch(running: 0, lastProgress: start),
                                        passes: PassActivity(running: 3, lastEvent: start + .seconds(10))))
        #expect(action == .withhold(reason: "passes: 3 running with no pass or fetch progress for 190s (limit 90s)"))
    }

    @Test("passes kept busy by fetch progress are pinged")
    func passesWithFetchProgressPing() {
        var gate = WatchdogGate(stallLimit: limit)
        let action = gate.observe(.init(now: start + .seconds(200),
                                        fetch: fetch(running: 0, lastProgress: start + .seconds(150)),
                                        passes: PassActivity(running: 3, lastEvent: start)))
        #expect(action == .ping)
    }

    @Test("a stuck daemon is reported once, then kept quiet, and its recovery is reported")
    func reportsOnceAndRecovers() {
        var gate = WatchdogGate(stallLimit: limit)
        let stuck = WatchdogGate.Observation(now: start, unansweredProbes: ["fetch engine"])
        #expect(gate.observe(stuck) == .withhold(reason: "queue fetch engine did not answer its probe"))
        #expect(gate.observe(stuck) == .keepWithholding)
        #expect(gate.observe(.init(now: start)) == .resume(after: "queue fetch engine did not answer its probe"))
        #expect(gate.observe(.init(now: start)) == .ping)
    }

    @Test("a stall that goes on is reported once, though the time it has lasted grows")
    func growingStallReportedOnce() {
        var gate = WatchdogGate(stallLimit: limit)
        let first = gate.observe(.init(now: start + .seconds(91), fetch: fetch(running: 1, lastProgress: start)))
        #expect(first == .withhold(reason: "fetch engine: 1 transfer(s) running with no progress for 91s (limit 90s)"))
        #expect(gate.observe(.init(now: start + .seconds(121), fetch: fetch(running: 1, lastProgress: start)))
            == .keepWithholding)
        #expect(gate.observe(.init(now: start + .seconds(130), fetch: fetch(running: 0, lastProgress: start)))
            == .resume(after: "fetch engine: 1 transfer(s) running with no progress for 91s (limit 90s)"))
    }

    @Test("a new reason while withholding is reported again")
    func newReasonReported() {
        var gate = WatchdogGate(stallLimit: limit)
        _ = gate.observe(.init(now: start, unansweredProbes: ["fetch engine"]))
        #expect(gate.observe(.init(now: start, unansweredProbes: ["pass control"]))
            == .withhold(reason: "queue pass control did not answer its probe"))
    }
}
