import NewsdDaemon
import Testing

@Suite("Poll queue")
struct PollQueueTests {
    @Test("due sources start up to the concurrency limit, the rest wait")
    func startsUpToLimit() {
        var queue = PollQueue(concurrency: 2)
        #expect(queue.due(["a", "b", "c"]) == .start(["a", "b"]))
        #expect(queue.waiting == ["c"])
    }

    @Test("a finished pass lets the next waiting source start")
    func finishingStartsNext() {
        var queue = PollQueue(concurrency: 1)
        _ = queue.due(["a", "b"])
        #expect(queue.finished("a") == .start(["b"]))
    }

    @Test("a source that falls due while running is not started twice")
    func noDoubleRun() {
        var queue = PollQueue(concurrency: 4)
        _ = queue.due(["a"])
        #expect(queue.due(["a"]) == .none)
        #expect(queue.running == ["a"])
        #expect(queue.waiting.isEmpty)
    }

    @Test("stopping with passes running waits for them, then reports stopped")
    func stopDrains() {
        var queue = PollQueue(concurrency: 1)
        _ = queue.due(["a", "b"])
        #expect(queue.stop() == .none)
        #expect(queue.waiting.isEmpty)
        #expect(queue.due(["c"]) == .none)
        #expect(queue.finished("a") == .stopped)
    }

    @Test("stopping while idle is immediate")
    func stopWhenIdle() {
        var queue = PollQueue(concurrency: 3)
        #expect(queue.stop() == .stopped)
    }
}
