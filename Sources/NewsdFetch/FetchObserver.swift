/// Learns the outcome of each transfer the engine finished: the request and its response or error.
///
/// Called on the engine's queue, once per transfer (requests that joined a running identical one share its call).
public typealias FetchObserver = @Sendable (FetchRequest, Result<FetchResponse, FetchError>) -> Void
