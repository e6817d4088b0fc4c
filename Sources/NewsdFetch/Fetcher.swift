public import Dispatch
public import Logging

/// Fetches documents over HTTP(S) (and `file:` where a source allows it) with libcurl.
///
/// Every fetch goes through one ``FetchEngine``: one multi handle, its connection pool (HTTP/2 where the server
/// offers it), the global and per-host concurrency limits, per-host politeness delays, and the rule that one URL is
/// never fetched twice at once. ``fetch(_:on:completion:)`` delivers on the caller's queue; ``fetch(_:)`` blocks
/// the calling thread until the result is in, for code that runs on its own threads (source passes). Any number of
/// threads may fetch at once.
public final class Fetcher: Sendable {
    private let engine: FetchEngine
    private let logger: Logger

    /// Creates a fetcher with its own engine, logging each fetch at debug level.
    ///
    /// - Parameter observer: told the outcome of every transfer (feeds, pages, robots.txt), once per transfer
    ///   however many identical fetches shared it; it runs on the engine's queue, so it must be quick (a counter
    ///   update). This is how the daemon counts fetches without the fetcher knowing about metrics.
    public init(logger: Logger, concurrency: FetchConcurrency = FetchConcurrency(), observer: FetchObserver? = nil) {
        self.logger = logger
        self.engine = FetchEngine(concurrency: concurrency, observer: observer)
    }

    /// Creates a fetcher whose engine tells `socketOpened` each connection socket it opens.
    init(logger: Logger, concurrency: FetchConcurrency = FetchConcurrency(),
         socketOpened: @escaping @Sendable (Int32) -> Void)
    {
        self.logger = logger
        self.engine = FetchEngine(concurrency: concurrency, socketOpened: socketOpened)
    }

    deinit {
        engine.shutDown()
    }

    /// Fetches `request.url`, following redirects, and calls `completion` on `queue` with the final 2xx or 304
    /// response or the `FetchError` (transport failures, limits, disallowed schemes, and every other status as
    /// `.httpStatus`, carrying `Retry-After`).
    public func fetch(_ request: FetchRequest, on queue: DispatchQueue,
                      completion: @escaping @Sendable (Result<FetchResponse, FetchError>) -> Void)
    {
        let logger = logger
        engine.submit(request, on: queue) { result in
            Self.log(result, for: request, logger: logger)
            completion(result)
        }
    }

    /// Fetches `request.url` and waits for the result; never call it from the engine's own queue.
    ///
    /// - Throws: `FetchError`, as ``fetch(_:on:completion:)`` reports it.
    public func fetch(_ request: FetchRequest) throws(FetchError) -> FetchResponse {
        dispatchPrecondition(condition: .notOnQueue(engine.queue))
        let outcome = BlockingOutcome()
        fetch(request, on: outcome.queue) { outcome.deliver($0) }
        return try outcome.wait().get()
    }

    /// Shuts the engine down now, failing unfinished fetches; `whenClosed` runs once its last connection is
    /// closed. Fetching afterwards fails at once.
    func shutDown(whenClosed: @escaping @Sendable () -> Void) {
        engine.shutDown(whenClosed: whenClosed)
    }

    /// Fails every running and waiting fetch with ``FetchError/Kind/stopping``, so the threads waiting in
    /// ``fetch(_:)`` return at once; for a daemon whose stop deadline has passed. The fetcher stays usable.
    ///
    /// - Parameter completion: called (on another queue) once every cancelled fetch has had its failure delivered,
    ///   with how many were cancelled.
    public func cancelAll(completion: (@Sendable (_ cancelled: Int) -> Void)? = nil) {
        engine.cancelAll(completion: completion)
    }

    /// Answers with the engine's ``snapshot`` taken on its own queue, without blocking the caller: a watchdog's
    /// liveness probe (an answer that never comes means the engine's queue is stuck).
    public func probe(_ answer: @escaping @Sendable (FetchEngineSnapshot) -> Void) {
        engine.probe(answer)
    }

    /// What the engine is doing now: running and waiting transfers, and when it last made progress.
    public var snapshot: FetchEngineSnapshot {
        engine.snapshot
    }

    private static func log(_ result: Result<FetchResponse, FetchError>, for request: FetchRequest, logger: Logger) {
        switch result {
        case .success(let response):
            logger.debug(
                "fetched",
                metadata: [
                    "url": "\(request.url)",
                    "status": "\(response.status)",
                    "effective_url": "\(response.effectiveURL)",
                    "bytes": "\(response.body.count)",
                ]
            )
        case .failure(let error):
            var metadata: Logger.Metadata = ["url": "\(request.url)", "error": "\(error.kind)"]
            if case .httpStatus(let status, _) = error.kind {
                metadata["status"] = "\(status)"
            }
            logger.debug("fetch failed", metadata: metadata)
        }
    }
}

/// One result handed from the engine's callback to a thread blocked in ``Fetcher/fetch(_:)``.
private final class BlockingOutcome: @unchecked Sendable {
    /// Where the callback runs: a queue of its own, so it never waits behind the thread it wakes.
    let queue = DispatchQueue(label: "newsd.fetch.blocking")
    private let ready = DispatchSemaphore(value: 0)
    private var result: Result<FetchResponse, FetchError>?

    func deliver(_ result: Result<FetchResponse, FetchError>) {
        self.result = result
        ready.signal()
    }

    func wait() -> Result<FetchResponse, FetchError> {
        ready.wait()
        guard let result else { preconditionFailure("the semaphore is signalled only after the result is stored") }
        return result
    }
}
