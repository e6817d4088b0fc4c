import Foundation
import NewsdDaemon
import Testing

@Suite("systemd notifier")
struct SystemdNotifierTests {
    @Test("WATCHDOG_USEC sets the watchdog interval")
    func watchdogInterval() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000"], processID: 42)
        #expect(notifier.watchdogInterval == .seconds(60))
    }

    @Test("a WATCHDOG_PID naming another process leaves the watchdog off")
    func watchdogForAnotherProcess() {
        let environment = ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "41"]
        #expect(SystemdNotifier(environment: environment, processID: 42).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: environment, processID: 41).watchdogInterval == .seconds(60))
    }

    @Test("a missing, zero or malformed WATCHDOG_USEC leaves the watchdog off")
    func watchdogOff() {
        for value in [nil, "0", "soon", "-5"] {
            let environment = value.map { ["WATCHDOG_USEC": $0] } ?? [:]
            #expect(SystemdNotifier(environment: environment, processID: 1).watchdogInterval == nil)
        }
    }

    @Test("a reload is announced with RELOADING=1 and the monotonic time, then READY=1")
    func reloadingMessage() throws {
        let scratch = try ScratchDirectory()
        let socket = try NotifySocket(directory: scratch.path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        notifier.reloading()
        let message = try #require(socket.receive())
        #expect(message.first == "RELOADING=1")
        let microseconds = message.first { $0.hasPrefix("MONOTONIC_USEC=") }.flatMap { UInt64($0.dropFirst(15)) }
        #expect((microseconds ?? 0) > 0)
    }

    @Test("a manager that stops reading its socket fails sends after a bounded wait instead of blocking the sender")
    func unreadSocketDoesNotBlock() throws {
        let scratch = try ScratchDirectory()
        let socket = try NotifySocket(directory: scratch.path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        let done = DispatchSemaphore(value: 0)
        let refused = LockedFlag()
        Thread.detachNewThread {
            // Nothing reads the socket: its queue fills after a few hundred datagrams at most.
            for _ in 0..<5_000 {
                if !notifier.watchdog() {
                    refused.set()
                    break
                }
            }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 20) == .success, "a send blocked on the full socket")
        #expect(refused.isSet)
        withExtendedLifetime(socket) {}
    }
}

/// A flag set from another thread.
private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
