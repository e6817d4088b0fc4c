/// How long a fetch may take, how slow is too slow, and how much it may bring back.
///
/// The configuration reads it from `fetch:` in `newsd.yaml` (global) and in a source's file (per-key overrides);
/// the YAML key of each field is given below, and the defaults are the documented configuration defaults.
///
/// The time limits are kept within 1 ms … 1 day (`lowSpeedTime`: 1 s … 1 day) when handed to libcurl. A zero or
/// negative timeout therefore means the shortest limit, never "no limit" (libcurl's reading of 0), and a longer one
/// means a day.
public struct FetchLimits: Sendable, Hashable {
    /// The longest wait for the TCP (and TLS) connection (`connect_timeout`, default 10s); 1 ms … 1 day.
    public var connectTimeout: Duration
    /// The longest the whole transfer may take, redirects included (`timeout`, default 60s); 1 ms … 1 day, so
    /// `.zero` means 1 ms, not "no limit".
    public var totalTimeout: Duration
    /// A transfer slower than this many bytes per second for `lowSpeedTime` is abandoned (`low_speed_limit`,
    /// default 1024; 0 turns the check off).
    public var lowSpeedLimit: Int
    /// How long a transfer may stay below `lowSpeedLimit` (`low_speed_time`, default 30s); curl counts whole
    /// seconds, rounded up, from one to a day.
    public var lowSpeedTime: Duration
    /// The largest body accepted, after content decoding (`max_body_bytes`, default 10 MiB). A larger announced
    /// `Content-Length`
    /// is refused before the body is read.
    public var maxBodyBytes: Int
    /// How many redirects to follow (`max_redirects`, default 5); one more fails the fetch with `tooManyRedirects`.
    public var maxRedirects: Int
    /// The shortest time between the starts of two requests to one host (`host_delay`, default 1s): politeness
    /// towards each site. `0s` lets requests follow each other as fast as the concurrency limits allow.
    public var hostDelay: Duration

    /// Creates limits; every argument defaults to the documented default.
    public init(
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(60),
        lowSpeedLimit: Int = 1024,
        lowSpeedTime: Duration = .seconds(30),
        maxBodyBytes: Int = 10 * 1024 * 1024,
        maxRedirects: Int = 5,
        hostDelay: Duration = .seconds(1)
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.hostDelay = hostDelay
    }
}
