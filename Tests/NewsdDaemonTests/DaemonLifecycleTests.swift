import Foundation
import Logging
import NewsdConfig
@testable import NewsdDaemon
import NewsdState
import NewsdTestSupport
import Testing

/// A clock for the watchdog that runs with the real one plus an offset the test moves forward.
private final class OffsetClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: Duration = .zero

    func now() -> ContinuousClock.Instant { lock.withLock { ContinuousClock.now + offset } }
    func advance(by duration: Duration) { lock.withLock { offset += duration } }
}

/// A daemon with the watchdog on (100 ms) whose one source's feed request the server holds open, on a fake notify
/// socket, with a progress clock the test moves; the source's transfers may take `timeout`, with no low-speed limit.
private struct HeldFetchDaemon {
    let scratch: ScratchDirectory
    let notify: NotifySocket
    let server: ObservedDemoServer
    let clock = OffsetClock()
    let logs = RecordedLogs()
    let configuration: NewsdConfiguration
    let daemon: Daemon

    init(timeout: String) throws {
        scratch = try ScratchDirectory()
        notify = try NotifySocket(directory: scratch.path)
        server = try ObservedDemoServer(holding: { $0 == "/harbor-times/feed.xml" })
        configuration = try Self.configuration(in: scratch, server: server, timeout: timeout)
        let clock = clock
        daemon = try Daemon(
            configuration: configuration, logger: logs.makeLogger(label: "newsd"),
            notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "100000"]),
            progressClock: { clock.now() }
        )
    }

    /// Rewrites the configuration files with another `timeout` (as before a reload) and loads them.
    func configuration(timeout: String) throws -> NewsdConfiguration {
        try Self.configuration(in: scratch, server: server, timeout: timeout)
    }

    private static func configuration(in scratch: ScratchDirectory, server: ObservedDemoServer, timeout: String)
        throws -> NewsdConfiguration
    {
        try writeConfiguration(in: scratch, server: server, sources: ["harbor-times": "/harbor-times/feed.xml"],
                               extra: "drain_timeout: 1s\n",
                               sourceExtra: "fetch:\n  timeout: \(timeout)\n  low_speed_limit: 0\n")
        return try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml"))
    }
}

/// Runs the daemon on a thread of its own; the semaphore returned is signalled when `run` returns.
func start(_ daemon: Daemon) -> DispatchSemaphore {
    let returned = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        daemon.run(handlingSignals: false)
        returned.signal()
    }
    return returned
}

@Suite("Daemon lifecycle: watchdog, reload, drain")
struct DaemonLifecycleTests {
    @Test("with WATCHDOG_USEC set, a healthy daemon pings the watchdog after READY=1")
    func watchdogPings() throws {
        let scratch = try ScratchDirectory()
        let notify = try NotifySocket(directory: scratch.path)
        let server = try ObservedDemoServer()
        try writeConfiguration(in: scratch, server: server, sources: ["harbor-times": "/harbor-times/feed.xml"])
        let daemon = try Daemon(
            configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
            logger: RecordedLogs().makeLogger(label: "newsd"),
            notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "100000"])
        )
        let returned = start(daemon)

        #expect(notify.receive(until: "READY=1").last?.contains("READY=1") == true)
        #expect(notify.receive(until: "WATCHDOG=1").last?.contains("WATCHDOG=1") == true)

        daemon.requestStop()
        #expect(notify.receive(until: "STOPPING=1").last?.contains("STOPPING=1") == true)
        #expect(returned.wait(timeout: .now() + 30) == .success)
    }

    @Test("a fetch stalled past the stall limit stops the watchdog pings and says why in STATUS=")
    func stalledFetchWithholdsPings() throws {
        let rig = try HeldFetchDaemon(timeout: "10m")
        let (notify, clock, logs, configuration, daemon) = (rig.notify, rig.clock, rig.logs, rig.configuration,
                                                            rig.daemon)
        let returned = start(daemon)
        _ = notify.receive(until: "READY=1")
        #expect(rig.server.waitForRequests(matching: { $0 == "/harbor-times/feed.xml" }))
        #expect(notify.receive(until: "WATCHDOG=1").last?.contains("WATCHDOG=1") == true,
                "a fetch within its limits must not stop the pings")

        clock.advance(by: WatchdogGate.stallLimit(for: configuration) + .seconds(60))
        // The first stuck status may name the passes (the fetch probe's answer can lag one tick); the stalled
        // transfer is named once the engine's answer is in.
        let untilStuck = notify.receive(until: { $0.hasPrefix("STATUS=STUCK") && $0.contains("fetch engine") })
        let stuck = untilStuck.last?.first { $0.hasPrefix("STATUS=") }
        #expect(stuck?.contains("fetch engine: 1 transfer(s) running with no progress") == true)

        daemon.requestStop()
        let afterStuck = notify.receive(until: "STOPPING=1")
        #expect(afterStuck.last?.contains("STOPPING=1") == true)
        #expect(!afterStuck.joined().contains("WATCHDOG=1"), "the watchdog was pinged while stuck")
        #expect(returned.wait(timeout: .now() + 30) == .success)
        #expect(logs.entries(at: .error).contains { $0.message.description.hasPrefix("newsd is stuck: fetch engine") })
    }

    @Test("a reload that lengthens fetch timeouts lengthens the stall limit: a slow fetch within them keeps pinging")
    func reloadMovesStallLimit() throws {
        let rig = try HeldFetchDaemon(timeout: "5m")
        let (notify, clock, configuration, daemon) = (rig.notify, rig.clock, rig.configuration, rig.daemon)
        let returned = start(daemon)
        _ = notify.receive(until: "READY=1")
        #expect(rig.server.waitForRequests(matching: { $0 == "/harbor-times/feed.xml" }))

        let reloaded = try rig.configuration(timeout: "2h")
        #expect(daemon.reload(using: { reloaded }))
        _ = notify.receive(until: "READY=1")
        // The watchdog ticks every 50 ms: let it take up the reload, then move past the old limit only.
        _ = notify.receive(until: "WATCHDOG=1")
        _ = notify.receive(until: "WATCHDOG=1")
        clock.advance(by: WatchdogGate.stallLimit(for: configuration) + .seconds(60))
        #expect(WatchdogGate.stallLimit(for: reloaded) > WatchdogGate.stallLimit(for: configuration) + .seconds(60))
        // A ping sent just before the clock moved may still be queued: judge by several ticks after it.
        var pings = 0
        let afterAdvance = notify.receive(until: { assignment in
            if assignment == "WATCHDOG=1" { pings += 1 }
            return pings == 4 || assignment.hasPrefix("STATUS=STUCK")
        })
        #expect(!afterAdvance.joined().contains { $0.hasPrefix("STATUS=STUCK") },
                "a fetch within the reloaded timeout was judged stuck")
        #expect(pings == 4)

        daemon.requestStop()
        _ = notify.receive(until: "STOPPING=1")
        #expect(returned.wait(timeout: .now() + 30) == .success)
    }

    @Test("a good reload polls added sources and drops removed ones; a bad one is rejected and the old one runs on")
    func reloadThroughApply() throws {
        let scratch = try ScratchDirectory()
        let notify = try NotifySocket(directory: scratch.path)
        let server = try ObservedDemoServer()
        try writeConfiguration(in: scratch, server: server, sources: ["harbor-times": "/harbor-times/feed.xml"])
        let logs = RecordedLogs()
        let daemon = try Daemon(
            configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
            logger: logs.makeLogger(label: "newsd"),
            notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": notify.path])
        )
        let returned = start(daemon)
        _ = notify.receive(until: "READY=1")
        #expect(server.waitForRequests(matching: { $0 == "/harbor-times/feed.xml" }))

        try FileManager.default.removeItem(atPath: scratch.file("sources.d/harbor-times.yaml"))
        try writeConfiguration(in: scratch, server: server, sources: ["valley-post": "/valley-post/feed.xml"])
        let load = { try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")) }
        #expect(daemon.reload(using: load))
        let reloading = notify.receive(until: "READY=1")
        #expect(reloading.contains { $0.first == "RELOADING=1" })
        #expect(server.waitForRequests(matching: { $0 == "/valley-post/feed.xml" }), "the added source was not polled")
        #expect(daemon.configuration.enabledSources.map(\.id) == ["valley-post"])
        #expect(logs.entries.contains {
            $0.message.description == "configuration reloaded: added valley-post; removed harbor-times"
        })

        try "id: broken\nfeeds: [\(server.url("/x.xml"))]\ninterval: soon\n"
            .write(toFile: scratch.file("sources.d/broken.yaml"), atomically: true, encoding: .utf8)
        #expect(!daemon.reload(using: load))
        // The added source's first pass may still report its STATUS= before the reload starts.
        #expect(notify.receive(until: "READY=1").contains { $0.first == "RELOADING=1" })
        #expect(daemon.configuration.enabledSources.map(\.id) == ["valley-post"], "the old configuration must stay")
        let errors = logs.entries(at: .error).map(\.message.description)
        #expect(errors.contains { $0.contains("sources.d/broken.yaml:3:11: key 'interval'") }, "\(errors)")

        daemon.requestStop()
        #expect(returned.wait(timeout: .now() + 30) == .success)
        #expect(server.requestCount("/harbor-times/feed.xml") == 1, "the removed source was polled again")
    }

    @Test("a reload asked while the daemon drains is ignored: the stopping daemon keeps its configuration")
    func reloadWhileStoppingIgnored() throws {
        let rig = try HeldFetchDaemon(timeout: "10m")
        let (notify, logs, daemon) = (rig.notify, rig.logs, rig.daemon)
        let returned = start(daemon)
        _ = notify.receive(until: "READY=1")
        #expect(rig.server.waitForRequests(matching: { $0 == "/harbor-times/feed.xml" }))
        daemon.requestStop()
        _ = notify.receive(until: "STOPPING=1")

        let reloaded = try rig.configuration(timeout: "20m")
        #expect(!daemon.reload(using: { reloaded }))
        #expect(daemon.configuration == rig.configuration)
        #expect(logs.entries.contains { $0.message.description.hasPrefix("reload ignored: newsd is stopping") })
        #expect(returned.wait(timeout: .now() + 30) == .success)
    }

    @Test("poll scheduler: a removed source stops falling due while the others keep being polled")
    func schedulerFollowsUpdates() throws {
        let due = Locked<[String]>([])
        let scheduler = Locked<PollScheduler?>(nil)
        func source(_ id: String) -> SourceConfiguration {
            SourceConfiguration(id: id, feeds: ["https://\(id).example/feed"], interval: .milliseconds(20),
                                minInterval: .milliseconds(20), maxInterval: .milliseconds(40), file: "/\(id).yaml")
        }
        // Each source falling due is "polled" at once: a pass that fetched its feed and found nothing new.
        let polling = PollScheduler(sources: [source("a"), source("b")], saved: [], clock: Date.init) { ids in
            due.withLock { $0 += ids }
            DispatchQueue.global().async {
                for id in ids {
                    var report = SourcePassReport(sourceID: id)
                    report.feedsFetched = 1
                    _ = scheduler.withLock { $0 }?.completed(report)
                }
            }
        }
        scheduler.withLock { $0 = polling }
        polling.start()
        #expect(due.wait(until: { $0.contains("a") && $0.contains("b") }, deadline: Date() + 30))

        polling.update(sources: [source("b")])
        let bAfterUpdate = due.withLock { $0.filter { $0 == "b" }.count }
        #expect(due.wait(until: { $0.filter { $0 == "b" }.count >= bAfterUpdate + 3 }, deadline: Date() + 30))
        let aBefore = due.withLock { $0.filter { $0 == "a" }.count }
        #expect(due.wait(until: { $0.filter { $0 == "b" }.count >= bAfterUpdate + 6 }, deadline: Date() + 30))
        polling.stop()
        #expect(due.withLock { $0.filter { $0 == "a" }.count } == aBefore)
    }
}

extension DaemonLifecycleTests {
    private static func schedulerSource(_ id: String) -> SourceConfiguration {
        SourceConfiguration(id: id, feeds: ["https://\(id).example/feed"], interval: .seconds(60),
                            minInterval: .seconds(60), maxInterval: .seconds(3600), file: "/\(id).yaml")
    }

    @Test("poll scheduler probe: a scheduler whose timer never fired reports its sources overdue")
    func schedulerProbeReportsOverdue() {
        let now = Locked<Date>(Date(timeIntervalSince1970: 1_000_000))
        let saved = SourceSchedule(source: "a", learnedInterval: .seconds(60), newestItemAt: nil,
                                   lastPollAt: Date(timeIntervalSince1970: 999_000),
                                   nextPollAt: Date(timeIntervalSince1970: 999_900))
        // Never started, so its timer never fires, as if it had stopped working; then the clock passes the next poll.
        let scheduler = PollScheduler(sources: [Self.schedulerSource("a")], saved: [saved],
                                      clock: { now.withLock { $0 } }) { _ in }
        let before = Locked<[TimeInterval]>([])
        scheduler.probe { value in before.withLock { $0.append(value) } }
        #expect(before.wait(until: { !$0.isEmpty }, deadline: Date() + 30))
        #expect(before.withLock { $0.first } == 0)
        now.withLock { $0 = $0.addingTimeInterval(600) }
        let overdue = Locked<[TimeInterval]>([])
        scheduler.probe { value in overdue.withLock { $0.append(value) } }
        #expect(overdue.wait(until: { !$0.isEmpty }, deadline: Date() + 30))
        #expect((overdue.withLock { $0.first } ?? 0) >= 500)
    }

    @Test("poll scheduler: a source removed and added back by reloads resumes its saved schedule")
    func reAddedSourceResumesSavedSchedule() throws {
        let clock = Date(timeIntervalSince1970: 2_000_000)
        let scheduler = PollScheduler(sources: [Self.schedulerSource("b")], saved: [], clock: { clock }) { _ in }
        let saved = SourceSchedule(source: "a", learnedInterval: .seconds(600), newestItemAt: nil,
                                   lastPollAt: clock.addingTimeInterval(-100), nextPollAt: clock.addingTimeInterval(500))
        scheduler.update(sources: [Self.schedulerSource("a"), Self.schedulerSource("b")], saved: [saved])
        let entry = try #require(scheduler.entries["a"])
        #expect(entry.schedule.learnedInterval == .seconds(600))
        #expect(entry.schedule.nextPollAt == clock.addingTimeInterval(500))
    }
}
