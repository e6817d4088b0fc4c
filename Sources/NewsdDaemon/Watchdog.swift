import Dispatch
import Logging
import NewsdFetch

/// Pets systemd's watchdog (`WatchdogSec=`) while newsd makes progress, and stops petting it when newsd is stuck.
///
/// Ticks at half the watchdog interval on a queue of its own. Each tick first judges the previous one's probes with
/// a ``WatchdogGate`` (which queue did not answer, what the fetch engine and the pass runner reported), performs the
/// gate's action, then sends fresh probes: asynchronous blocks to the fetch engine's queue, the pass-control queue
/// and the story desk's queue. Nothing here ever waits on those queues, so a stuck one cannot stick the watchdog.
///
/// `@unchecked`: the timer is only scheduled and cancelled, which Dispatch makes thread-safe; the rest is
/// immutable or bound to the watchdog's queue.
final class Watchdog: @unchecked Sendable {
    /// One queue the daemon depends on, and how to send it a probe that calls back once it ran there.
    struct Probe: Sendable {
        enum Answer: Sendable {
            case alive
            case fetch(FetchEngineSnapshot)
            case passes(PassActivity)
        }

        var name: String
        var send: @Sendable (_ answer: @escaping @Sendable (Answer) -> Void) -> Void
    }

    private struct State {
        var gate: WatchdogGate
        var outstanding: Set<String> = []
        var fetch: FetchEngineSnapshot?
        var passes: PassActivity?
    }

    private let queue = DispatchQueue(label: "newsd.watchdog")
    private let state: QueueBound<State>
    private let timer: any DispatchSourceTimer
    private let interval: Duration
    private let probes: [Probe]
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let perform: @Sendable (WatchdogGate.Action) -> Void

    /// - Parameters:
    ///   - interval: systemd's watchdog interval; the watchdog ticks at half of it.
    ///   - perform: carries out the gate's action (ping, log, status), on the watchdog's queue.
    init(interval: Duration, gate: WatchdogGate, probes: [Probe],
         clock: @escaping @Sendable () -> ContinuousClock.Instant,
         perform: @escaping @Sendable (WatchdogGate.Action) -> Void)
    {
        self.interval = interval
        self.state = QueueBound(State(gate: gate), queue: queue)
        self.timer = DispatchSource.makeTimerSource(queue: queue)
        self.probes = probes
        self.clock = clock
        self.perform = perform
    }

    /// Starts ticking; the first tick comes at once.
    func start() {
        let half = max(interval / 2, .milliseconds(1))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.schedule(deadline: .now(), repeating: half.dispatchInterval,
                       leeway: .milliseconds(max(1, Int(half / .milliseconds(10)))))
        timer.resume()
    }

    /// Judges from the next tick on with a new stall limit (a reloaded configuration's fetch timeouts).
    func setStallLimit(_ limit: Duration) {
        queue.async { self.state.value.gate.stallLimit = limit }
    }

    /// Stops ticking; waits for a tick under way to end.
    func stop() {
        timer.cancel()
        queue.sync {}
    }

    private func tick() {
        let observation = WatchdogGate.Observation(
            now: clock(), unansweredProbes: state.value.outstanding.sorted(),
            fetch: state.value.fetch, passes: state.value.passes
        )
        perform(state.value.gate.observe(observation))
        for probe in probes where !state.value.outstanding.contains(probe.name) {
            state.value.outstanding.insert(probe.name)
            let name = probe.name
            probe.send { [weak self] answer in
                guard let self else { return }
                queue.async { self.answered(name, answer) }
            }
        }
    }

    private func answered(_ name: String, _ answer: Probe.Answer) {
        state.value.outstanding.remove(name)
        switch answer {
        case .alive: break
        case .fetch(let snapshot): state.value.fetch = snapshot
        case .passes(let activity): state.value.passes = activity
        }
    }
}
