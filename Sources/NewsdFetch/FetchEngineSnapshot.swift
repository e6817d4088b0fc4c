/// What the fetch engine is doing: for the scheduler (how busy is fetching?) and a watchdog (is it stuck?).
public struct FetchEngineSnapshot: Sendable, Equatable {
    /// Transfers running now.
    public var running: Int
    /// Fetches waiting for a concurrency limit, a host delay or the same URL to finish.
    public var waiting: Int
    /// Transfers started since the engine was created.
    public var started: Int
    /// When a socket last had activity or a transfer last ended; `nil` before the first.
    public var lastProgress: ContinuousClock.Instant?

    /// Creates a snapshot (the engine makes them; tests of code that reads them make their own).
    public init(running: Int, waiting: Int, started: Int, lastProgress: ContinuousClock.Instant?) {
        self.running = running
        self.waiting = waiting
        self.started = started
        self.lastProgress = lastProgress
    }
}
