import Foundation
import Logging
import NewsdConfig
@testable import NewsdDaemon
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

@Suite("Directory lock")
struct DirectoryLockWaitTests {
    @Test("a lock its holder releases while the next one waits is taken as soon as it is free")
    func takenWhenReleased() throws {
        let scratch = try ScratchDirectory()
        var holder: DirectoryLock? = try DirectoryLock(directory: scratch.path)
        var pauses = 0
        let lock = try DirectoryLock(directory: scratch.path, patience: .seconds(30)) { _ in
            pauses += 1
            holder = nil
        }
        #expect(pauses == 1)
        #expect(holder == nil)
        #expect(DirectoryLockHolder.of(directory: scratch.path) == DirectoryLockHolder(pid: getpid()))
        withExtendedLifetime(lock) {}
    }

    @Test("a holder that keeps the lock past the patience is named in the error")
    func heldPastPatience() throws {
        let scratch = try ScratchDirectory()
        let holder = try DirectoryLock(directory: scratch.path)
        var waited: Duration = .zero
        #expect {
            _ = try DirectoryLock(directory: scratch.path, patience: .milliseconds(50)) {
                waited += $0
                DirectoryLock.sleep($0)
            }
        } throws: { error in
            guard let error = error as? DirectoryLockError, case .heldByAnotherProcess(let pid) = error.reason else {
                return false
            }
            return pid == getpid() && error.path == scratch.path
        }
        #expect(waited > .zero && waited <= .milliseconds(50))
        withExtendedLifetime(holder) {}
    }
}
