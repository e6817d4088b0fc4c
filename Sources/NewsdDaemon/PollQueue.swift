/// Decides which source passes run, under a global concurrency limit, and when the daemon may stop.
///
/// A pure state machine: the daemon feeds it events (a source is due, a pass finished, stop was asked) and performs
/// the actions it returns, so the rules are tested without timers, threads or sockets. A source is never running
/// twice at once, and a source that falls due while it is running or queued is not queued again.
public struct PollQueue: Sendable {
    /// What the daemon must do after an event.
    public enum Action: Sendable, Equatable {
        /// Start a pass over these sources now.
        case start([String])
        /// Nothing to do.
        case none
        /// Stopping, and no pass is running: the daemon may exit.
        case stopped
    }

    public let concurrency: Int
    public private(set) var running: Set<String> = []
    public private(set) var waiting: [String] = []
    public private(set) var isStopping = false

    public init(concurrency: Int) {
        precondition(concurrency > 0, "concurrency must be positive")
        self.concurrency = concurrency
    }

    /// A source's timer fired (or the daemon starts and every source is due).
    public mutating func due(_ sources: [String]) -> Action {
        guard !isStopping else { return .none }
        for source in sources where !running.contains(source) && !waiting.contains(source) {
            waiting.append(source)
        }
        return startWaiting()
    }

    /// A pass over `source` ended, whatever its outcome.
    public mutating func finished(_ source: String) -> Action {
        running.remove(source)
        if isStopping { return running.isEmpty ? .stopped : .none }
        return startWaiting()
    }

    /// Stop was asked: nothing new starts, waiting sources are dropped (they are polled on the next start).
    public mutating func stop() -> Action {
        isStopping = true
        waiting.removeAll()
        return running.isEmpty ? .stopped : .none
    }

    /// Sources removed from the configuration are no longer started.
    public mutating func remove(_ source: String) {
        waiting.removeAll { $0 == source }
    }

    private mutating func startWaiting() -> Action {
        var started: [String] = []
        while running.count < concurrency, !waiting.isEmpty {
            let source = waiting.removeFirst()
            running.insert(source)
            started.append(source)
        }
        return started.isEmpty ? .none : .start(started)
    }
}
