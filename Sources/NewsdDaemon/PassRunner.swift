import Dispatch
import Foundation
public import Logging
public import NewsdConfig
import Synchronization

/// Runs source passes on worker threads under the global concurrency limit, as ``PollQueue`` decides.
///
/// The poll queue is bound to one serial queue; each pass runs on a thread of its own and reports back to it. Passes
/// block in network I/O, so they get real threads rather than Dispatch's shared pool, which the timers, signals and
/// the story desk need to stay responsive. The runner is shared by `newsd once` (every source once) and `newsd run`
/// (sources due on their timers).
public final class PassRunner: Sendable {
    /// Makes the pass for a source id, or `nil` if the source is gone.
    public typealias PassFactory = @Sendable (_ sourceID: String, _ shouldContinue: @escaping @Sendable () -> Bool)
        -> SourcePass?

    /// The serial queue the poll queue is bound to; a watchdog probes it through ``probe(_:)``.
    private let control = DispatchQueue(label: "newsd.pass-control")
    private let polls: QueueBound<PollQueue>
    /// When a pass last started or finished, for the watchdog's "are passes making progress?".
    private let lastPassEvent: QueueBound<ContinuousClock.Instant?>
    /// The poll queue's running and waiting counts, copied after each change for readers off the control queue
    /// (metrics scrapes).
    private let depthMirror = Mutex((running: 0, waiting: 0))
    private let makePass: PassFactory
    private let onFinished: @Sendable (SourcePassReport) -> Void
    private let onStopped: @Sendable () -> Void
    private let logger: Logger

    /// - Parameters:
    ///   - concurrency: how many sources are polled at once.
    ///   - onFinished: called after every pass, on a worker thread.
    ///   - onStopped: called once, after ``stop()``, when the last running pass has ended.
    public init(concurrency: Int, logger: Logger, makePass: @escaping PassFactory,
                onFinished: @escaping @Sendable (SourcePassReport) -> Void,
                onStopped: @escaping @Sendable () -> Void = {})
    {
        self.polls = QueueBound(PollQueue(concurrency: concurrency), queue: control)
        self.lastPassEvent = QueueBound(nil, queue: control)
        self.makePass = makePass
        self.onFinished = onFinished
        self.onStopped = onStopped
        self.logger = logger
    }

    /// Marks sources as due; they start as soon as the concurrency limit allows.
    public func due(_ sources: [String]) {
        control.async { self.perform(self.polls.value.due(sources)) }
    }

    /// Stops starting passes; running passes are asked to stop at their next item. `onStopped` follows.
    public func stop() {
        control.async { self.perform(self.polls.value.stop()) }
    }

    /// Stops starting sources removed from the configuration; their running passes finish.
    public func forget(_ sources: [String]) {
        control.async {
            for source in sources {
                self.polls.value.remove(source)
            }
            self.mirrorDepth()
        }
    }

    /// Answers with the passes running and when one last started or finished, from the control queue; a probe
    /// that is never answered means that queue is stuck. Never blocks the caller.
    public func probe(_ answer: @escaping @Sendable (PassActivity) -> Void) {
        control.async {
            answer(PassActivity(running: self.polls.value.running.count, lastEvent: self.lastPassEvent.value))
        }
    }

    /// Passes running now and sources waiting for a free slot, as of the control queue's last change (for metrics).
    /// Read without waiting for that queue, so a scrape never hangs on it.
    public var depth: (running: Int, waiting: Int) {
        depthMirror.withLock { $0 }
    }

    /// Whether stop was asked. Passes poll it between items.
    public var isStopping: Bool {
        control.sync { polls.value.isStopping }
    }

    /// Copies the poll queue's counts for ``depth``; on the control queue.
    private func mirrorDepth() {
        let depth = (running: polls.value.running.count, waiting: polls.value.waiting.count)
        depthMirror.withLock { $0 = depth }
    }

    private func perform(_ action: PollQueue.Action) {
        mirrorDepth()
        switch action {
        case .none:
            break
        case .stopped:
            onStopped()
        case .start(let sources):
            lastPassEvent.value = .now
            for source in sources {
                let thread = Thread { self.runPass(source) }
                thread.name = "newsd pass \(source)"
                thread.start()
            }
        }
    }

    private func runPass(_ source: String) {
        let report: SourcePassReport
        if let pass = makePass(source, { [weak self] in !(self?.isStopping ?? true) }) {
            report = pass.run()
        } else {
            logger.notice("source is no longer configured; not polled",
                          metadata: ["source": "\(source)", "outcome": "skipped"])
            report = SourcePassReport(sourceID: source)
        }
        onFinished(report)
        control.async {
            self.lastPassEvent.value = .now
            self.perform(self.polls.value.finished(source))
        }
    }
}

/// What the pass runner is doing, as its watchdog probe reports it.
public struct PassActivity: Sendable, Equatable {
    /// Passes running now.
    public var running: Int
    /// When a pass last started or finished; `nil` before the first.
    public var lastEvent: ContinuousClock.Instant?

    public init(running: Int, lastEvent: ContinuousClock.Instant?) {
        self.running = running
        self.lastEvent = lastEvent
    }
}

extension PassRunner {
    /// Runs every source once and returns the reports, in source order. Blocks the caller.
    ///
    /// - Parameter onFinished: called after each pass, as in a running daemon, before the pass counts as done.
    public static func once(sources: [SourceConfiguration], concurrency: Int, logger: Logger,
                            makePass: @escaping PassFactory,
                            onFinished: @escaping @Sendable (SourcePassReport) -> Void = { _ in })
        -> [SourcePassReport]
    {
        let reports = LockedReports()
        let done = DispatchSemaphore(value: 0)
        let runner = PassRunner(concurrency: concurrency, logger: logger, makePass: makePass,
                                onFinished: { report in
                                    onFinished(report)
                                    if reports.append(report) == sources.count { done.signal() }
                                })
        guard !sources.isEmpty else { return [] }
        runner.due(sources.map(\.id))
        done.wait()
        let order = Dictionary(uniqueKeysWithValues: sources.enumerated().map { ($1.id, $0) })
        return reports.all.sorted { order[$0.sourceID, default: 0] < order[$1.sourceID, default: 0] }
    }
}

/// Reports collected from worker threads.
private final class LockedReports: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [SourcePassReport] = []

    /// Appends and returns the new count.
    func append(_ report: SourcePassReport) -> Int {
        lock.withLock {
            reports.append(report)
            return reports.count
        }
    }

    var all: [SourcePassReport] { lock.withLock { reports } }
}
