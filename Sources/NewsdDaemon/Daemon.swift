import Dispatch
public import Foundation
public import Logging
public import NewsdConfig
import NewsdExtract
public import NewsdFetch
import NewsdSpool
import NewsdState
#if canImport(Glibc)
import Glibc
#endif

/// Why the daemon could not start.
public struct DaemonError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        case state, spool, rules, lock
    }

    public var kind: Kind
    /// The directory or file concerned.
    public var path: String
    public var underlying: any Error

    public var description: String {
        switch kind {
        case .state: "cannot open the state directory \(path): \(underlying)"
        case .spool: "cannot open the spool directory \(path): \(underlying)"
        case .rules: "bad extraction rules in \(path): \(underlying)"
        case .lock: "\(underlying)"
        }
    }
}

/// newsd itself: the configured sources, the fetcher, the story desk, and the loop that polls them.
///
/// `runOnce()` is one pass over every source (`newsd once`); `run()` polls each source when ``PollScheduler`` says
/// it is due (adapting to how often it publishes) until SIGTERM
/// or SIGINT, speaking systemd's notify protocol (`READY=1` once config and state are loaded, `STOPPING=1` on stop).
public final class Daemon: Sendable {
    public let configuration: NewsdConfiguration
    private let desk: StoryDesk
    private let fetcher: Fetcher
    private let robots: RobotsCache
    private let extractors: [String: ArticleExtractor]
    private let notifier: SystemdNotifier
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let stopRequest = DispatchSemaphore(value: 0)
    /// The poll scheduler of a running ``run(handlingSignals:)``; `nil` before and after.
    private let scheduler = SchedulerBox()
    /// Held for the daemon's lifetime: one newsd per state directory and per spool.
    private let locks: [DirectoryLock]

    /// How long a stop waits for running passes before exiting anyway; what they had not committed is redone on the
    /// next start.
    public let drainTimeout: Duration

    /// Opens state and spool (finishing anything a crash interrupted) and prepares every source.
    public init(configuration: NewsdConfiguration, logger: Logger, notifier: SystemdNotifier = SystemdNotifier(),
                drainTimeout: Duration = .seconds(30), clock: @escaping @Sendable () -> Date = Date.init)
        throws(DaemonError)
    {
        self.configuration = configuration
        self.logger = logger
        self.notifier = notifier
        self.drainTimeout = drainTimeout
        self.clock = clock
        self.fetcher = Fetcher(logger: logger, concurrency: configuration.fetchConcurrency)
        self.robots = RobotsCache(fetcher: fetcher, clock: clock)

        var extractors: [String: ArticleExtractor] = [:]
        for source in configuration.sources {
            do {
                extractors[source.id] = try ArticleExtractor(rules: source.rules)
            } catch {
                throw DaemonError(kind: .rules, path: source.file, underlying: error)
            }
        }
        self.extractors = extractors

        let state: StateStore
        do {
            state = try StateStore(directory: configuration.stateDirectory)
        } catch {
            throw DaemonError(kind: .state, path: configuration.stateDirectory, underlying: error)
        }
        let spool: SpoolWriter
        do {
            spool = try SpoolWriter(directory: configuration.spoolDirectory)
        } catch {
            throw DaemonError(kind: .spool, path: configuration.spoolDirectory, underlying: error)
        }
        // The stores create their directories durably; the locks come before anything reads or repairs them.
        var locks: [DirectoryLock] = []
        for directory in Set([configuration.stateDirectory, configuration.spoolDirectory]).sorted() {
            do {
                locks.append(try DirectoryLock(directory: directory))
            } catch {
                throw DaemonError(kind: .lock, path: directory, underlying: error)
            }
        }
        self.locks = locks

        do {
            self.desk = try StoryDesk(
                state: state, spool: spool, window: configuration.dedupeWindow,
                priorities: Dictionary(configuration.sources.map { ($0.id, $0.dedupePriority) },
                                       uniquingKeysWith: { first, _ in first }),
                clock: clock, logger: logger
            )
        } catch {
            throw DaemonError(kind: .state, path: configuration.stateDirectory, underlying: error)
        }
    }

    private func makePass(_ sourceID: String, shouldContinue: @escaping @Sendable () -> Bool) -> SourcePass? {
        guard let source = configuration.enabledSources.first(where: { $0.id == sourceID }),
              let extractor = extractors[sourceID]
        else { return nil }
        return SourcePass(source: source, userAgent: configuration.userAgent, fetcher: fetcher, robots: robots,
                          backoff: configuration.backoff, configuration: SourceFingerprint.of(source),
                          extractor: extractor, desk: desk, clock: clock, shouldContinue: shouldContinue,
                          logger: logger)
    }

    private func finished(_ report: SourcePassReport, nextPoll: Date?) {
        desk.publishPending()
        desk.recordPoll(report, at: clock(), nextPoll: nextPoll)
        let metadata: Logger.Metadata = [
            "source": "\(report.sourceID)", "new_items": "\(report.itemsNew)",
            "stories": "\(report.storiesCreated)", "joined": "\(report.copiesJoined)",
            "problems": "\(report.problems.count)", "interrupted": "\(report.interrupted)",
        ]
        if report.succeeded {
            logger.info("pass finished", metadata: metadata)
        } else {
            logger.warning("pass finished with problems", metadata: metadata)
        }
    }

    /// The poll schedules saved by earlier runs; none (every source polled soon) if they cannot be read.
    private func savedSchedules() -> [SourceSchedule] {
        do {
            return try desk.sourceSchedules()
        } catch {
            logger.warning("could not read the saved poll schedules; polling every source soon: \(error)")
            return []
        }
    }

    /// What the fetch engine is doing: transfers running and waiting, and when it last made progress (for a
    /// scheduler or a watchdog).
    public var fetchActivity: FetchEngineSnapshot {
        fetcher.snapshot
    }

    /// One pass over every enabled source; returns a report per source, in configuration order.
    ///
    /// The runner's closures hold the daemon weakly: the runner finishes its bookkeeping on its own queue after the
    /// last pass, and must not keep the daemon — and with it the directory locks — alive past this call.
    public func runOnce() -> [SourcePassReport] {
        PassRunner.once(sources: configuration.enabledSources, concurrency: configuration.concurrency,
                        logger: logger,
                        makePass: { [weak self] id, shouldContinue in
                            self?.makePass(id, shouldContinue: shouldContinue)
                        },
                        onFinished: { [weak self] report in self?.finished(report, nextPoll: nil) })
    }

    /// Hands a new source list to the running scheduler (the reload seam): added sources are polled soon, removed
    /// ones are no longer scheduled, changed ones take their new interval bounds. Does nothing when not running.
    public func updateSchedule(sources: [SourceConfiguration]) {
        scheduler.value?.update(sources: sources)
    }

    /// Asks a running ``run(handlingSignals:)`` to drain and return, as SIGTERM does.
    public func requestStop() {
        stopRequest.signal()
    }

    /// Polls every source when it falls due (``PollInterval``'s rules, schedules kept in the state database across
    /// restarts) until stopped, then drains and returns.
    ///
    /// - Parameter handlingSignals: stop on SIGTERM and SIGINT (and log SIGHUP) — what `newsd run` wants; tests
    ///   leave the process's signals alone and call ``requestStop()``.
    public func run(handlingSignals: Bool = true) {
        let stopped = DispatchSemaphore(value: 0)
        let sources = configuration.enabledSources
        let statistics = RunStatistics(sourceCount: sources.count)
        let runner = PassRunner(
            concurrency: configuration.concurrency, logger: logger,
            makePass: { [weak self] id, shouldContinue in self?.makePass(id, shouldContinue: shouldContinue) },
            onFinished: { [weak self] report in
                guard let self else { return }
                let next = self.scheduler.value?.completed(report)
                if let next { desk.saveSourceSchedule(next) }
                finished(report, nextPoll: next?.nextPollAt)
                notifier.status(statistics.record(report))
            },
            onStopped: { stopped.signal() }
        )
        scheduler.value = PollScheduler(sources: sources, saved: savedSchedules(), clock: clock,
                                        onDue: { runner.due($0) })
        scheduler.value?.start()

        let signalQueue = DispatchQueue(label: "newsd.signals")
        var signalSources: [any DispatchSourceSignal] = []
        for number in handlingSignals ? [SIGTERM, SIGINT, SIGHUP] : [] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { @Sendable [self] in
                if number == SIGHUP {
                    logger.notice("SIGHUP: reloading the configuration is not supported yet; restart to apply changes")
                } else {
                    logger.info("signal \(number == SIGTERM ? "SIGTERM" : "SIGINT") received")
                    requestStop()
                }
            }
            source.resume()
            signalSources.append(source)
        }

        notifier.ready(status: "polling \(sources.count) sources")
        logger.info("newsd running", metadata: [
            "sources": "\(sources.count)", "spool": "\(configuration.spoolDirectory)",
            "state": "\(configuration.stateDirectory)",
        ])

        stopRequest.wait()
        notifier.stopping()
        logger.info("stopping: finishing running passes", metadata: ["deadline": "\(drainTimeout)"])
        scheduler.value?.stop()
        runner.stop()
        if stopped.wait(timeout: .now() + drainTimeout.dispatchInterval) == .timedOut {
            logger.warning("stop deadline passed with passes still running; their unfinished items run on next start")
        } else {
            logger.info("stopped")
        }
        // Passes still running past the deadline may commit while this writes; the desk's queue orders them, and
        // the snapshot covers exactly the rows committed before it.
        desk.saveIndexSnapshot()
        scheduler.value = nil
        signalSources.forEach { $0.cancel() }
    }
}

extension Duration {
    /// The same span for Dispatch.
    var dispatchInterval: DispatchTimeInterval {
        .milliseconds(Int(self / .milliseconds(1)))
    }
}

/// The running scheduler: set by `run` once the pass runner it feeds exists (the two refer to each other), kept
/// through the drain so passes ending then still get their next poll saved, cleared when `run` returns.
private final class SchedulerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var scheduler: PollScheduler?

    var value: PollScheduler? {
        get { lock.withLock { scheduler } }
        set { lock.withLock { scheduler = newValue } }
    }
}

/// Counters for the one-line status systemd shows (`systemctl status newsd`).
final class RunStatistics: @unchecked Sendable {
    private let lock = NSLock()
    private let sourceCount: Int
    private var recordsWritten = 0
    private var failing: Set<String> = []

    init(sourceCount: Int) {
        self.sourceCount = sourceCount
    }

    /// Counts a finished pass and returns the new status line.
    func record(_ report: SourcePassReport) -> String {
        lock.withLock {
            recordsWritten += report.recordsWritten
            if report.succeeded {
                failing.remove(report.sourceID)
            } else {
                failing.insert(report.sourceID)
            }
            let sources = sourceCount == 1 ? "1 source" : "\(sourceCount) sources"
            let failingList = failing.isEmpty ? "" : " (\(failing.sorted().joined(separator: ", ")))"
            return "\(sources), \(recordsWritten) records written since start, \(failing.count) failing\(failingList)"
        }
    }
}
