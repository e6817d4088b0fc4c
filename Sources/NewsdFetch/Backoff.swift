/// How long to wait before trying a failing feed again: exponential in the number of failures in a row, capped,
/// with jitter so that feeds which failed together (a network outage) do not all come back at once.
///
/// A pure policy: the randomness comes in as an argument, so tests pin it. There is no attempt limit: a feed that
/// keeps failing is tried again every `maximum` (give or take the jitter) for as long as it stays configured, and
/// reported as failing meanwhile.
public struct Backoff: Sendable, Equatable {
    /// The wait after the first failure, before jitter (`fetch.backoff_initial`, default 1m).
    public var initial: Duration
    /// The longest wait, before jitter (`fetch.backoff_max`, default 6h).
    public var maximum: Duration

    /// Creates a policy; the defaults are the documented configuration defaults.
    public init(initial: Duration = .seconds(60), maximum: Duration = .seconds(6 * 3600)) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The wait after `failures` failures in a row (1 for the first): `initial · 2^(failures−1)`, at most
    /// `maximum`, then scaled by a factor drawn from `random(0.5...1.0)` ("equal jitter": never less than half).
    public func delay(afterFailures failures: Int, random: (ClosedRange<Double>) -> Double) -> Duration {
        let exponent = min(max(failures, 1) - 1, 62)
        let ceiling = maximum / initial
        let factor = exponent >= 62 ? ceiling : min(Double(1 << exponent), ceiling)
        let jitter = min(1.0, max(0.5, random(0.5...1.0)))
        return initial * (factor * jitter)
    }
}
