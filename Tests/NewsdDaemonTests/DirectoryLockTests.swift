import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import Testing

@Suite("One newsd per directory")
struct DirectoryLockTests {
    private func configuration(_ scratch: ScratchDirectory, spool: String, state: String) throws -> NewsdConfiguration {
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: \(spool)\nstate: \(state)\n".write(toFile: scratch.file("newsd.yaml"), atomically: true,
                                                         encoding: .utf8)
        return try ConfigurationLoader.load(configFile: scratch.file("newsd.yaml"))
    }

    private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("a second daemon on the same spool is refused with a message naming the directory and the holder")
    func secondDaemonRefused() throws {
        let scratch = try ScratchDirectory()
        let first = try Daemon(configuration: configuration(scratch, spool: "spool", state: "state-a"), logger: logger)
        let other = try configuration(scratch, spool: "spool", state: "state-b")
        do {
            _ = try Daemon(configuration: other, logger: logger)
            Issue.record("a second daemon opened a spool already in use")
        } catch {
            #expect("\(error)".contains(scratch.file("spool")))
            #expect("\(error)".contains("newsd process \(getpid())"))
        }
        withExtendedLifetime(first) {}
    }

    @Test("the lock goes with the daemon: a later daemon opens the same directories")
    func lockReleased() throws {
        let scratch = try ScratchDirectory()
        let settings = try configuration(scratch, spool: "spool", state: "state")
        do {
            _ = try Daemon(configuration: settings, logger: logger)
        }
        _ = try Daemon(configuration: settings, logger: logger)
    }
}
