import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdTestSupport
import Testing

@Suite("Daemon run loop")
struct DaemonRunTests {
    @Test("run speaks READY=1 after loading, polls, and on stop sends STOPPING=1 and returns")
    func notifyLifecycle() throws {
        let scratch = try ScratchDirectory()
        let notify = try NotifySocket(directory: scratch.path)
        let server = try LoopbackHTTPServer.serving(directory: DemoManifest.demoDirectory.path)
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: spool\nstate: state\nfetch:\n  host_delay: 0s\n"
            .write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        try """
            id: harbor-times
            feeds: [\(server.url("/harbor-times/feed.xml"))]
            allow_private_networks: true
            """.write(toFile: scratch.file("sources.d/harbor-times.yaml"), atomically: true, encoding: .utf8)

        let logs = RecordedLogs()
        let daemon = try Daemon(
            configuration: try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml")),
            logger: logs.makeLogger(label: "newsd"),
            notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": notify.path])
        )
        let returned = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            daemon.run(handlingSignals: false)
            returned.signal()
        }

        let ready = notify.receive(until: "READY=1")
        #expect(ready.last?.contains("READY=1") == true)
        #expect(ready.last?.contains { $0.hasPrefix("STATUS=") } == true)

        // The first poll starts at once; wait until the server has served the feed and every page.
        let pages = try DemoManifest.load().pages.keys.filter { $0.hasPrefix("harbor-times/") }.count
        let firstPass = notify.receive(until: { $0.hasPrefix("STATUS=") && $0.contains("records") })
        let status = firstPass.last?.first { $0.hasPrefix("STATUS=") }
        #expect(status == "STATUS=1 source, \(pages) items today, \(pages) records written since start, 0 failing")
        // The feed, every page, and the site's robots.txt once (a 404 here: every page allowed).
        #expect(server.requests.filter { $0.path == "/robots.txt" }.count == 1)
        #expect(server.requests.count == 1 + pages + 1)

        daemon.requestStop()
        let stopping = notify.receive(until: "STOPPING=1")
        #expect(stopping.last?.contains("STOPPING=1") == true)
        #expect(returned.wait(timeout: .now() + 30) == .success)
        #expect(logs.entries.contains { $0.message.description == "stopped" })
    }
}
