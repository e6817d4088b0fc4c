/// Limits for one fetch: how long to wait, how slow is too slow, how much to accept.
///
/// `newsd.yaml`'s `fetch:` mapping sets the global values; a source's own `fetch:` mapping overrides single keys.
/// The defaults suit news feeds and article pages on the public web.
public struct FetchSettings: Sendable, Equatable {
    /// The longest wait for a TCP (and TLS) connection (`connect_timeout`, default 10s).
    public var connectTimeout: Duration
    /// The longest a whole transfer may take, redirects included (`timeout`, default 60s).
    public var totalTimeout: Duration
    /// A transfer slower than this many bytes per second for `lowSpeedTime` is abandoned (`low_speed_limit`,
    /// default 1024; 0 turns the check off).
    public var lowSpeedLimit: Int
    /// How long a transfer may stay below `lowSpeedLimit` (`low_speed_time`, default 30s).
    public var lowSpeedTime: Duration
    /// The largest response body accepted; a larger one fails the fetch (`max_body_bytes`, default 10 MiB).
    public var maxBodyBytes: Int
    /// How many redirects to follow (`max_redirects`, default 5; 0 follows none).
    public var maxRedirects: Int

    /// Creates settings; every argument defaults to the documented default.
    public init(
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(60),
        lowSpeedLimit: Int = 1024,
        lowSpeedTime: Duration = .seconds(30),
        maxBodyBytes: Int = 10 * 1024 * 1024,
        maxRedirects: Int = 5
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
    }
}
