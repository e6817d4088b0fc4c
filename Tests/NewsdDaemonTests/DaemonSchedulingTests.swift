import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdState
import NewsdTestSupport
import Testing

@Suite("Daemon scheduling")
struct DaemonSchedulingTests {
    @Test("run polls a short-interval source again and again, and records its next poll for newsd status")
    func pollsAgainAndRecordsNextPoll() throws {
        let scratch = try ScratchDirectory()
        let polls = DispatchSemaphore(value: 0)
        let server = try LoopbackHTTPServer { _ in
            polls.signal()
            return HTTPTestResponse(headers: ["Content-Type": "application/rss+xml", "Cache-Control": "no-cache"],
                                    text: "<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>")
        }
        defer { server.stop() }
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: spool\nstate: state\nfetch:\n  host_delay: 0s\n"
            .write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        try "id: quiet\nfeeds: [\(server.url("/feed.xml"))]\nallow_private_networks: true\n"
            .write(toFile: scratch.file("sources.d/quiet.yaml"), atomically: true, encoding: .utf8)
        var configuration = try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml"))
        // Below what a source file may say (10s), so the test polls three times within a second.
        configuration.sources[0].interval = .milliseconds(150)
        configuration.sources[0].minInterval = .milliseconds(100)
        configuration.sources[0].maxInterval = .milliseconds(200)

        var daemon: Daemon? = try Daemon(configuration: configuration, logger: Logger(label: "test"))
        let returned = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [daemon] in
            daemon?.run(handlingSignals: false)
            returned.signal()
        }
        for poll in 1...3 {
            #expect(polls.wait(timeout: .now() + 10) == .success, "poll \(poll)")
        }
        daemon?.requestStop()
        #expect(returned.wait(timeout: .now() + 30) == .success)
        daemon = nil

        let state = try StateStore(directory: configuration.stateDirectory)
        let schedule = try #require(try state.sourceSchedules().first)
        let health = try #require(try state.sourceHealth().first)
        let lastPoll = try #require(schedule.lastPollAt)
        #expect(schedule.source == "quiet")
        #expect(schedule.nextPollAt > lastPoll)
        #expect(schedule.nextPollAt <= lastPoll.addingTimeInterval(1))
        #expect(health.nextPoll == schedule.nextPollAt)
    }
}
