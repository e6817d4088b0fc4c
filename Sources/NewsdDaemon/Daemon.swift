import Dispatch
public import Foundation
public import Logging
public import NewsdConfig
import NewsdExtract
import NewsdFetch
public import NewsdMetrics
import NewsdSpool
import NewsdState
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Why the daemon could not start.
public struct DaemonError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        case state, spool, rules, lock, metrics
    }

    public var kind: Kind
    /// The directory or file concerned (for metrics, the listen address or textfile).
    public var path: String
    public var underlying: any Error

    public var description: String {
        switch kind {
        case .state: "cannot open the state directory \(path): \(underlying)"
        case .spool: "cannot open the spool directory \(path): \(underlying)"
        case .rules: "bad extraction rules in \(path): \(underlying)"
        case .lock: "\(underlying)"
        case .metrics: "\(underlying)"
        }
    }
}

/// newsd itself: the configured sources, the fetcher, the story desk, and the loop that polls them.
///
/// `runOnce()` is one pass over every source (`newsd once`); `run()` polls each source when ``PollScheduler`` says
/// it is due (adapting to how often it publishes) until SIGTERM or SIGINT, speaking systemd's notify protocol:
/// `READY=1` once config and state are loaded, a one-line `STATUS=`, `WATCHDOG=1` while it makes progress
/// (``Watchdog``), `RELOADING=1` around a reload (SIGHUP) and `STOPPING=1` when it drains. See
/// `docs/operations.md`.
public final class Daemon: Sendable {
    private let active: ActiveConfiguration
    private let desk: StoryDesk
    private let fetcher: Fetcher
    private let robots: RobotsCache
    private let notifier: SystemdNotifier
    private let status: RunStatus
    private let clock: @Sendable () -> Date
    private let progressClock: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger
    private let stopRequest = DispatchSemaphore(value: 0)
    /// Set by ``requestStop()``: from then on the daemon only drains, and reloads are ignored.
    private let stopAsked = Mutex(false)
    /// The poll scheduler of a running ``run(handlingSignals:reloadConfiguration:)``: set once the pass runner it
    /// feeds exists (the two refer to each other), kept through the drain so passes ending then still get their
    /// next poll saved; `nil` before and after.
    private let scheduler = Mutex<PollScheduler?>(nil)
    /// Held for the daemon's lifetime: one newsd per state directory and per spool.
    private let locks: [DirectoryLock]
    /// The Prometheus metrics; a reload passes the new source list to ``DaemonMetrics/configure(sources:)``.
    public let metrics: DaemonMetrics
    /// Serves or writes the metrics as `metrics:` in newsd.yaml asks; `nil` when it asks for neither.
    private let exporter: MetricsExporter?

    /// newsd's version, as `newsd --version` and `newsd_build_info` give it.
    public static let version = "0.1.0"

    /// How long passes get after their fetches were cancelled at the drain deadline before the daemon exits
    /// without them.
    public static let cancelGrace: Duration = .seconds(10)

    /// The active configuration: the one the daemon started with, or the last one a reload applied.
    public var configuration: NewsdConfiguration { active.current }

    /// How long a stop waits for in-flight items (`drain_timeout`) before cancelling their fetches; what they had
    /// not committed is redone on the next start.
    public var drainTimeout: Duration { configuration.drainTimeout }

    /// Opens state and spool (finishing anything a crash interrupted) and prepares every source.
    ///
    /// - Parameters:
    ///   - clock: wall-clock time, for records, state and the "items today" status.
    ///   - progressClock: the watchdog's clock, the one the fetch engine stamps its progress with; tests move it.
    public init(configuration: NewsdConfiguration, logger: Logger, notifier: SystemdNotifier = SystemdNotifier(),
                clock: @escaping @Sendable () -> Date = Date.init,
                progressClock: @escaping @Sendable () -> ContinuousClock.Instant = { .now })
        throws(DaemonError)
    {
        self.logger = logger
        self.notifier = notifier
        self.clock = clock
        self.progressClock = progressClock
        let metrics = DaemonMetrics(version: Self.version, startTime: clock(), sources: configuration.sources)
        self.metrics = metrics
        self.fetcher = Fetcher(logger: logger, concurrency: configuration.fetchConcurrency,
                               observer: { metrics.observe($0, $1) })
        self.robots = RobotsCache(fetcher: fetcher, clock: clock)
        self.active = ActiveConfiguration(configuration, extractors: try Self.extractors(for: configuration))

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

        let itemsToday: Int
        do {
            itemsToday = try state.itemsSeen(since: StatusReport.todayStart(now: clock()))
            self.desk = try StoryDesk(
                state: state, spool: spool, window: configuration.dedupeWindow,
                priorities: Self.priorities(of: configuration), clock: clock, logger: logger
            )
        } catch {
            throw DaemonError(kind: .state, path: configuration.stateDirectory, underlying: error)
        }
        self.status = RunStatus(sourceCount: configuration.enabledSources.count, itemsToday: itemsToday,
                                clock: clock)
        metrics.watch(desk: desk, fetcher: fetcher, spool: spool)
        do {
            metrics.seed(try desk.sourceHealth())
        } catch {
            logger.warning("could not read source health for metrics; per-source series start afresh: \(error)")
        }
        do {
            exporter = configuration.metrics.isEnabled
                ? try MetricsExporter(settings: configuration.metrics, registry: metrics.registry, logger: logger)
                : nil
        } catch {
            throw DaemonError(kind: .metrics, path: error.place, underlying: error)
        }
    }

    /// Where the metrics listener is listening (with the port bound when the configuration asked for port 0).
    public var metricsAddress: ListenAddress? {
        exporter?.listener?.address
    }

    private static func extractors(for configuration: NewsdConfiguration) throws(DaemonError)
        -> [String: ArticleExtractor]
    {
        var extractors: [String: ArticleExtractor] = [:]
        for source in configuration.sources {
            do {
                extractors[source.id] = try ArticleExtractor(rules: source.rules)
            } catch {
                throw DaemonError(kind: .rules, path: source.file, underlying: error)
            }
        }
        return extractors
    }

    private static func priorities(of configuration: NewsdConfiguration) -> [String: Int] {
        Dictionary(configuration.sources.map { ($0.id, $0.dedupePriority) }, uniquingKeysWith: { first, _ in first })
    }

    private func makePass(_ sourceID: String, shouldContinue: @escaping @Sendable () -> Bool) -> SourcePass? {
        guard let (configuration, source, extractor) = active.source(sourceID) else { return nil }
        return SourcePass(source: source, userAgent: configuration.userAgent, fetcher: fetcher, robots: robots,
                          backoff: configuration.backoff, configuration: SourceFingerprint.of(source),
                          extractor: extractor, desk: desk, clock: clock, shouldContinue: shouldContinue,
                          logger: logger)
    }

    private func finished(_ report: SourcePassReport, nextPoll: Date?) {
        desk.publishPending()
        let now = clock()
        desk.recordPoll(report, at: now, nextPoll: nextPoll)
        metrics.record(report, at: now)
        let metadata: Logger.Metadata = [
            "source": "\(report.sourceID)", "new_items": "\(report.itemsNew)",
            "stories": "\(report.storiesCreated)", "joined": "\(report.copiesJoined)",
            "problems": "\(report.problems.count)", "interrupted": "\(report.interrupted)",
            "outcome": "\(report.interrupted ? "interrupted" : report.succeeded ? "ok" : "problems")",
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

    /// One pass over every enabled source; returns a report per source, in configuration order.
    ///
    /// The runner's closures hold the daemon weakly: the runner finishes its bookkeeping on its own queue after the
    /// last pass, and must not keep the daemon — and with it the directory locks — alive past this call.
    public func runOnce() -> [SourcePassReport] {
        defer { exporter?.flush() }
        return PassRunner.once(sources: configuration.enabledSources, concurrency: configuration.concurrency,
                               logger: logger,
                               makePass: { [weak self] id, shouldContinue in
                                   self?.makePass(id, shouldContinue: shouldContinue)
                               },
                               onFinished: { [weak self] report in self?.finished(report, nextPoll: nil) })
    }

    /// Asks a running ``run(handlingSignals:reloadConfiguration:)`` to drain and return, as SIGTERM does.
    public func requestStop() {
        stopAsked.withLock { $0 = true }
        stopRequest.signal()
    }

    /// Makes `new` the active configuration, as a reload does: added sources are polled soon, removed ones are no
    /// longer started (running passes finish), changed ones use their new settings from their next pass; nothing
    /// queued is lost. Settings a running daemon cannot change are logged as taking effect on restart.
    ///
    /// - Throws: `DaemonError` (`.rules`) when a source's extraction rules do not compile; the old configuration
    ///   then stays active.
    @discardableResult
    public func apply(configuration new: NewsdConfiguration) throws(DaemonError) -> ConfigurationChange {
        let extractors = try Self.extractors(for: new)
        desk.setPriorities(Self.priorities(of: new))
        let change = active.replace(with: new, extractors: extractors)
        metrics.configure(sources: new.sources)
        logger.notice("configuration reloaded: \(change.summary)", metadata: ["config": "\(new.configFile)"])
        for key in change.needsRestart {
            logger.warning("\(key) changed in the configuration; takes effect on restart",
                           metadata: ["config": "\(new.configFile)"])
        }
        return change
    }

    /// Reloads: tells systemd (`RELOADING=1`), loads a new configuration with `load` and applies it; a
    /// configuration that does not load or apply is rejected with one error line per problem and the old one keeps
    /// running. Ends with `READY=1`. Returns whether the new configuration was applied.
    ///
    /// Once a stop was asked the reload is ignored (logged, nothing sent to systemd): a draining daemon starts no
    /// passes that a new configuration could affect, and `READY=1` after `STOPPING=1` would misreport it.
    @discardableResult
    public func reload(using load: () throws -> NewsdConfiguration) -> Bool {
        guard !stopAsked.withLock({ $0 }) else {
            logger.warning("reload ignored: newsd is stopping; the new configuration applies from the next start")
            return false
        }
        notifier.reloading(status: "reloading the configuration")
        defer { notifier.ready(status: status.line) }
        do {
            try apply(configuration: try load())
            return true
        } catch let error as ConfigurationError {
            logger.error("""
                reload rejected: the new configuration has \(error.problems.count) problem(s); the old \
                configuration keeps running; fix them and reload again
                """)
            for problem in error.problems {
                logger.error("reload rejected: \(problem)")
            }
        } catch {
            logger.error("reload rejected: \(error); the old configuration keeps running; fix it and reload again")
        }
        return false
    }

    /// Polls every source when it falls due (``PollInterval``'s rules, schedules kept in the state database across
    /// restarts) until stopped, then drains and returns.
    ///
    /// - Parameters:
    ///   - handlingSignals: stop on SIGTERM and SIGINT, reload on SIGHUP — what `newsd run` wants; tests leave the
    ///     process's signals alone and call ``requestStop()`` and ``reload(using:)``.
    ///   - reloadConfiguration: how SIGHUP loads the new configuration; by default the active configuration's
    ///     file again.
    public func run(handlingSignals: Bool = true,
                    reloadConfiguration: (@Sendable () throws -> NewsdConfiguration)? = nil)
    {
        let stopped = DispatchSemaphore(value: 0)
        let runner = PassRunner(
            concurrency: configuration.concurrency, logger: logger,
            makePass: { [weak self] id, shouldContinue in self?.makePass(id, shouldContinue: shouldContinue) },
            onFinished: { [weak self] report in
                guard let self else { return }
                let next = self.scheduler.withLock { $0 }?.completed(report)
                if let next { desk.saveSourceSchedule(next) }
                finished(report, nextPoll: next?.nextPollAt)
                notifier.status(status.record(report))
            },
            onStopped: { stopped.signal() }
        )
        metrics.watch(runner: runner)
        let scheduler = PollScheduler(sources: configuration.enabledSources, saved: savedSchedules(), clock: clock,
                                      onDue: { runner.due($0) })
        self.scheduler.withLock { $0 = scheduler }
        let watchdog = makeWatchdog(runner: runner, scheduler: scheduler)
        active.observeSources { [notifier, status, active, weak self] sources, change in
            runner.forget(change.removed)
            scheduler.update(sources: sources, saved: self?.savedSchedules() ?? [])
            watchdog?.setStallLimit(WatchdogGate.stallLimit(for: active.current))
            notifier.status(status.sourcesChanged(to: Set(sources.map(\.id))))
        }
        scheduler.start()
        watchdog?.start()

        let configFile = configuration.configFile
        let load = reloadConfiguration ?? { try ConfigurationLoader.load(configFile: configFile) }
        let signals = handlingSignals ? ProcessSignals(handlers: [
            SIGTERM: { [weak self] in self?.logger.info("signal SIGTERM received"); self?.requestStop() },
            SIGINT: { [weak self] in self?.logger.info("signal SIGINT received"); self?.requestStop() },
            SIGHUP: { [weak self] in
                self?.logger.info("signal SIGHUP received: reloading the configuration")
                self?.reload(using: load)
            },
        ]) : nil

        notifier.ready(status: status.line)
        logger.info("newsd running", metadata: [
            "sources": "\(configuration.enabledSources.count)", "spool": "\(configuration.spoolDirectory)",
            "state": "\(configuration.stateDirectory)",
            "watchdog": "\(notifier.watchdogInterval.map { "\($0)" } ?? "off")",
        ])

        stopRequest.wait()
        active.observeSources(nil)
        scheduler.stop()
        drain(runner, stopped: stopped)
        self.scheduler.withLock { $0 = nil }
        watchdog?.stop()
        exporter?.stop()
        signals?.cancel()
    }

    /// Stops: `STOPPING=1`, no new passes or items, in-flight items get `drain_timeout` to finish; then their
    /// fetches are cancelled (the items stay unseen and are redone on the next start) and the dedupe snapshot saved.
    private func drain(_ runner: PassRunner, stopped: DispatchSemaphore) {
        let deadline = drainTimeout
        notifier.stopping()
        logger.info("stopping: no new passes or items; in-flight items may finish",
                    metadata: ["drain_timeout": "\(deadline)"])
        runner.stop()
        if stopped.wait(timeout: .now() + deadline.dispatchInterval) == .timedOut {
            logger.warning("""
                drain_timeout passed with passes still running: cancelling their fetches; their unfinished items \
                are not marked seen and run on the next start
                """)
            fetcher.cancelAll()
            if stopped.wait(timeout: .now() + Self.cancelGrace.dispatchInterval) == .timedOut {
                logger.error("""
                    passes still running \(Self.cancelGrace) after their fetches were cancelled; exiting without \
                    them; their unfinished items run on the next start
                    """)
            } else {
                logger.info("stopped")
            }
        } else {
            logger.info("stopped")
        }
        // Passes still running past the deadline may commit while this writes; the desk's queue orders them, and
        // the snapshot covers exactly the rows committed before it.
        desk.saveIndexSnapshot()
    }

    /// The watchdog when systemd asked for one (`WatchdogSec=`), probing the fetch engine, the pass runner, the
    /// story desk and the poll scheduler.
    private func makeWatchdog(runner: PassRunner, scheduler: PollScheduler) -> Watchdog? {
        guard let interval = notifier.watchdogInterval else { return nil }
        let fetcher = fetcher, desk = desk, notifier = notifier, status = status, logger = logger
        let probes = [
            Watchdog.Probe(name: "fetch engine") { answer in fetcher.probe { answer(.fetch($0)) } },
            Watchdog.Probe(name: "pass control") { answer in runner.probe { answer(.passes($0)) } },
            Watchdog.Probe(name: "story desk") { answer in desk.queue.async { answer(.alive) } },
            // A timer that stopped firing leaves sources overdue; a wake is at most `longestSleep` late (also after
            // a clock jump), so twice that means the scheduler is not scheduling, and its probe stays unanswered.
            Watchdog.Probe(name: "scheduler") { answer in
                scheduler.probe { overdue in
                    if overdue <= 2 * (PollScheduler.longestSleep / .seconds(1)) { answer(.alive) }
                }
            },
        ]
        return Watchdog(
            interval: interval, gate: WatchdogGate(stallLimit: WatchdogGate.stallLimit(for: configuration)),
            probes: probes, clock: progressClock,
            perform: { action in
                switch action {
                case .ping:
                    notifier.watchdog()
                case .resume(let reason):
                    logger.notice("making progress again; pinging the systemd watchdog again",
                                  metadata: ["was_stuck": "\(reason)"])
                    notifier.send(["WATCHDOG=1", "STATUS=\(status.stuck(nil))"])
                case .withhold(let reason):
                    logger.error("""
                        newsd is stuck: \(reason); withholding the systemd watchdog ping, so systemd restarts newsd \
                        if this lasts WatchdogSec
                        """)
                    notifier.status(status.stuck(reason))
                case .keepWithholding:
                    break
                }
            }
        )
    }
}

extension Duration {
    /// The same span for Dispatch.
    var dispatchInterval: DispatchTimeInterval {
        .milliseconds(Int(self / .milliseconds(1)))
    }
}
