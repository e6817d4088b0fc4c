import Foundation
import NewsdTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A `newsd` subprocess with a fake notify socket, its log in a file, and a bounded wait for its exit.
private final class NewsdProcess {
    let process = Process()
    let logFile: String
    private let exited = DispatchSemaphore(value: 0)

    init(_ binary: URL, _ arguments: [String], scratch: ScratchDirectory, notifySocket: String?) throws {
        logFile = scratch.file("newsd-\(arguments[0]).log")
        guard FileManager.default.createFile(atPath: logFile, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logFile])
        }
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notifySocket
        environment["WATCHDOG_USEC"] = nil
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logFile)
        let exited = exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit (60 s guard); returns the exit status, or `nil` if it did not exit or was killed.
    func exitStatus() -> Int32? {
        guard exited.wait(timeout: .now() + 60) == .success else {
            process.terminate()
            return nil
        }
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
}

private let demoFeeds = ["harbor-times": "/harbor-times/feed.xml", "valley-post": "/valley-post/feed.xml",
                         "coastal-wire": "/coastal-wire/atom.xml"]

@Suite("newsd run under signals")
struct DaemonSignalTests {
    @Test("SIGHUP reloads: an added source is polled; a bad configuration is rejected and newsd runs on",
          .enabled(if: newsdBinary != nil, "the newsd executable is not built beside the tests"))
    func sighupReloads() throws {
        let binary = try #require(newsdBinary)
        let scratch = try ScratchDirectory()
        let notify = try NotifySocket(directory: scratch.path)
        let server = try ObservedDemoServer()
        try writeConfiguration(in: scratch, server: server, sources: ["harbor-times": "/harbor-times/feed.xml"])
        let newsd = try NewsdProcess(binary, ["run", "--config", scratch.file("newsd.yaml"), "--log-level", "notice"],
                                     scratch: scratch, notifySocket: notify.path)
        #expect(notify.receive(until: "READY=1").last?.contains("READY=1") == true)
        #expect(server.waitForRequests(matching: { $0 == "/harbor-times/feed.xml" }))

        try writeConfiguration(in: scratch, server: server, sources: ["valley-post": "/valley-post/feed.xml"])
        newsd.signal(SIGHUP)
        #expect(notify.receive(until: "READY=1").contains { $0.first == "RELOADING=1" })
        #expect(server.waitForRequests(matching: { $0 == "/valley-post/feed.xml" }), "the added source was not polled")

        try "id: broken\nfeeds: [\(server.url("/x.xml"))]\ninterval: soon\n"
            .write(toFile: scratch.file("sources.d/broken.yaml"), atomically: true, encoding: .utf8)
        newsd.signal(SIGHUP)
        #expect(notify.receive(until: "READY=1").contains { $0.first == "RELOADING=1" })

        newsd.signal(SIGTERM)
        #expect(notify.receive(until: "STOPPING=1").last?.contains("STOPPING=1") == true)
        #expect(newsd.exitStatus() == 0)
        #expect(newsd.log.contains("configuration reloaded: added valley-post"), "\(newsd.log)")
        #expect(newsd.log.contains("sources.d/broken.yaml:3:11: key 'interval'"), "\(newsd.log)")
        #expect(server.requestCount("/x.xml") == 0, "the rejected configuration's source was polled")
    }

    @Test("SIGTERM while items are in flight exits 0 and loses nothing: the next start writes every record once",
          .enabled(if: newsdBinary != nil, "the newsd executable is not built beside the tests"),
          arguments: [false, true])
    func sigtermLosesNothing(releasingAfterStop: Bool) throws {
        let binary = try #require(newsdBinary)

        let reference = try ScratchDirectory()
        let plain = try ObservedDemoServer()
        try writeConfiguration(in: reference, server: plain, sources: demoFeeds, extra: "concurrency: 2\n")
        let clean = try NewsdProcess(binary, ["once", "--config", reference.file("newsd.yaml"), "--log-level", "error"],
                                     scratch: reference, notifySocket: nil)
        #expect(clean.exitStatus() == 0)
        let expected = try storySignature(reference.file("spool"))
        #expect(!expected.isEmpty)

        let scratch = try ScratchDirectory()
        let notify = try NotifySocket(directory: scratch.path)
        let holding = try ObservedDemoServer(holding: { $0.hasSuffix(".html") })
        try writeConfiguration(in: scratch, server: holding, sources: demoFeeds,
                               extra: "concurrency: 2\ndrain_timeout: 1s\n")
        let newsd = try NewsdProcess(binary, ["run", "--config", scratch.file("newsd.yaml"), "--log-level", "info"],
                                     scratch: scratch, notifySocket: notify.path)
        _ = notify.receive(until: "READY=1")
        #expect(holding.waitForRequests(matching: { $0.hasSuffix(".html") }), "no article page was requested")

        newsd.signal(SIGTERM)
        #expect(notify.receive(until: "STOPPING=1").last?.contains("STOPPING=1") == true)
        if releasingAfterStop { holding.release() }
        #expect(newsd.exitStatus() == 0, "\(newsd.log)")
        holding.release()

        let restart = try NewsdProcess(binary, ["once", "--config", scratch.file("newsd.yaml"), "--log-level", "error"],
                                       scratch: scratch, notifySocket: nil)
        #expect(restart.exitStatus() == 0)
        #expect(try storySignature(scratch.file("spool")) == expected)
        let revisions = try spooledRecords(in: scratch.file("spool")).map { "\($0.record.storyID)#\($0.record.revision)" }
        #expect(Set(revisions).count == revisions.count, "a story revision was delivered twice")
    }
}
