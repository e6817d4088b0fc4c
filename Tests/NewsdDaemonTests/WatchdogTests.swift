import Dispatch
import Foundation
@testable import NewsdDaemon
import Testing

/// The actions a watchdog performed, with a bounded wait for the one a test expects.
private final class PerformedActions: @unchecked Sendable {
    private let condition = NSCondition()
    private var actions: [WatchdogGate.Action] = []

    func append(_ action: WatchdogGate.Action) {
        condition.withLock {
            actions.append(action)
            condition.broadcast()
        }
    }

    /// Waits (30 s guard) until `action` was performed; returns every action up to and including it.
    func wait(for action: WatchdogGate.Action) -> [WatchdogGate.Action] {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: 30)
        while !actions.contains(action), condition.wait(until: deadline) {}
        return actions
    }

}

@Suite("Watchdog probes")
struct WatchdogTests {
    @Test("a queue that stops running probes withholds the ping until it runs again")
    func blockedQueueWithholds() {
        let probed = DispatchQueue(label: "probed")
        let performed = PerformedActions()
        let watchdog = Watchdog(
            interval: .milliseconds(40), gate: WatchdogGate(stallLimit: .seconds(60)),
            probes: [Watchdog.Probe(name: "probed") { answer in probed.async { answer(.alive) } }],
            clock: { .now }, perform: { performed.append($0) }
        )
        watchdog.start()
        #expect(performed.wait(for: .ping).contains(.ping))

        let unblock = DispatchSemaphore(value: 0)
        probed.async { unblock.wait() }
        let reason = "queue probed did not answer its probe"
        let untilStuck = performed.wait(for: .withhold(reason: reason))
        #expect(untilStuck.last == .withhold(reason: reason))

        unblock.signal()
        let untilResumed = performed.wait(for: .resume(after: reason))
        #expect(untilResumed.last == .resume(after: reason))
        let afterStuck = untilResumed.drop { $0 != .withhold(reason: reason) }
        #expect(!afterStuck.contains(.ping), "pinged while the queue was blocked")
        watchdog.stop()
    }
}
