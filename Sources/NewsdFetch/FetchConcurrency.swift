/// The engine-wide limits on transfers (`fetch.max_transfers` and `fetch.max_transfers_per_host` in newsd.yaml).
public struct FetchConcurrency: Sendable, Equatable {
    /// The most transfers running at once, over all hosts (`max_transfers`, default 32).
    public var maximumTransfers: Int
    /// The most transfers running at once against one host, port included (`max_transfers_per_host`, default 2).
    public var maximumPerHost: Int

    /// Creates limits; the defaults are the documented configuration defaults.
    public init(maximumTransfers: Int = 32, maximumPerHost: Int = 2) {
        self.maximumTransfers = maximumTransfers
        self.maximumPerHost = maximumPerHost
    }
}
