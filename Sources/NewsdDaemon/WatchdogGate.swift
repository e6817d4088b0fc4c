public import NewsdConfig
public import NewsdFetch

/// Decides, at each watchdog tick, whether newsd is making progress and may send systemd `WATCHDOG=1`.
///
/// A pure state machine: the ``Watchdog`` feeds it what its probes found and performs the action it returns, so
/// the rules are tested with made-up instants, without timers or sockets. newsd is stuck, and the ping withheld, when
/// - a queue the daemon depends on (the fetch engine's, the story desk's, the pass control's) did not run the probe
///   sent at the previous tick;
/// - transfers are running but the fetch engine has made no progress (no socket activity, no libcurl timer, no
///   transfer ended) for longer than ``stallLimit``;
/// - passes are running but none started or finished and no fetch made progress for longer than ``stallLimit``.
///
/// An idle daemon (nothing running, every probe answered) is healthy. When the gate starts withholding it says so
/// once (``Action/withhold(reason:)``), so the daemon logs it and puts it in `STATUS=` before systemd kills it.
public struct WatchdogGate: Sendable {
    /// What the watchdog found at one tick.
    public struct Observation: Sendable {
        /// The watchdog's clock now (the same clock as the fetch engine's progress instants).
        public var now: ContinuousClock.Instant
        /// Names of the queues that did not run the probe sent at the previous tick.
        public var unansweredProbes: [String]
        /// The fetch engine's activity as its latest answered probe reported it.
        public var fetch: FetchEngineSnapshot?
        /// The pass runner's activity as its latest answered probe reported it.
        public var passes: PassActivity?

        public init(now: ContinuousClock.Instant, unansweredProbes: [String] = [], fetch: FetchEngineSnapshot? = nil,
                    passes: PassActivity? = nil)
        {
            self.now = now
            self.unansweredProbes = unansweredProbes
            self.fetch = fetch
            self.passes = passes
        }
    }

    /// What the watchdog must do after a tick.
    public enum Action: Sendable, Equatable {
        /// Send `WATCHDOG=1`.
        case ping
        /// Send `WATCHDOG=1`: the daemon is making progress again after `reason`; log it and restore the status.
        case resume(after: String)
        /// Do not ping: the daemon is newly stuck (or stuck for a new reason); log `reason` and show it in `STATUS=`.
        case withhold(reason: String)
        /// Do not ping: still stuck for the reason already reported.
        case keepWithholding
    }

    /// Margin added to the longest fetch time a configuration allows before a silent engine counts as stalled.
    public static let stallMargin: Duration = .seconds(30)

    /// How long running transfers (or passes) may go without progress before the daemon counts as stuck; a reload
    /// that changes fetch timeouts changes it (``stallLimit(for:)``).
    public var stallLimit: Duration
    /// The reason being withheld for, as first reported, or `nil` while pinging.
    public private(set) var withheldFor: String?
    /// What is stuck, without the figures that change from tick to tick (how long a stall has lasted): a stall
    /// that goes on is the same reason, reported once.
    private var withheldKind: String?
    /// When transfers were first seen running without any progress instant, so the stall clock starts there.
    private var runningSince: ContinuousClock.Instant?

    public init(stallLimit: Duration) {
        self.stallLimit = stallLimit
    }

    /// The stall limit for a configuration: libcurl ends any transfer after its `fetch.timeout`, and the engine may
    /// hold a fetch back for its `fetch.host_delay`, so the longest of each over the global settings and every
    /// enabled source, plus ``stallMargin``, is the longest a healthy engine can stay silent with work to do.
    public static func stallLimit(for configuration: NewsdConfiguration) -> Duration {
        let limits = [configuration.fetch] + configuration.enabledSources.map(\.fetch)
        let longestTransfer = limits.map(\.totalTimeout).max() ?? .zero
        let longestDelay = limits.map(\.hostDelay).max() ?? .zero
        return longestTransfer + longestDelay + stallMargin
    }

    /// Judges one tick's observation.
    public mutating func observe(_ observation: Observation) -> Action {
        guard let (kind, reason) = stuckReason(observation) else {
            defer { (withheldKind, withheldFor) = (nil, nil) }
            return withheldFor.map { .resume(after: $0) } ?? .ping
        }
        if kind == withheldKind { return .keepWithholding }
        (withheldKind, withheldFor) = (kind, reason)
        return .withhold(reason: reason)
    }

    /// What is stuck (the part a repeated report is recognised by) and the reason to report, or `nil`.
    private mutating func stuckReason(_ observation: Observation) -> (kind: String, reason: String)? {
        let now = observation.now
        if !observation.unansweredProbes.isEmpty {
            let queues = observation.unansweredProbes.sorted().joined(separator: ", ")
            return ("queues \(queues)", "queue \(queues) did not answer its probe")
        }
        var fetchProgress: ContinuousClock.Instant?
        if let fetch = observation.fetch {
            if fetch.running > 0 {
                let since = fetch.lastProgress ?? runningSince ?? now
                runningSince = runningSince ?? now
                fetchProgress = since
                if now - since > stallLimit {
                    return ("fetch stall", "fetch engine: \(fetch.running) transfer(s) running with no progress for "
                        + "\(Self.seconds(now - since)) (limit \(Self.seconds(stallLimit)))")
                }
            } else {
                runningSince = nil
                fetchProgress = fetch.lastProgress
            }
        }
        if let passes = observation.passes, passes.running > 0 {
            let latest = [passes.lastEvent, fetchProgress].compactMap { $0 }.max() ?? now
            if now - latest > stallLimit {
                return ("pass stall", "passes: \(passes.running) running with no pass or fetch progress for "
                    + "\(Self.seconds(now - latest)) (limit \(Self.seconds(stallLimit)))")
            }
        }
        return nil
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(Int(duration / .seconds(1)))s"
    }
}
