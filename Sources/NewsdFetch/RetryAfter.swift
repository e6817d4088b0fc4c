public import Foundation
import NewsdDates

/// Reads a `Retry-After` header (RFC 9110 §10.2.3): either delta-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2026 07:28:00 GMT`).
public enum RetryAfter {
    /// The longest wait newsd accepts from a server: a week. A server asking for longer is tried again then.
    public static let longest: Duration = .seconds(7 * 86_400)

    /// The wait the header asks for, from `now`: zero for a date in the past, at most ``longest``; `nil` when the
    /// value is neither form.
    public static func delay(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingHTTPWhitespace()
        if let delay = deltaSeconds(text) {
            return delay
        }
        guard let date = NewsDate.parse(text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        guard seconds > 0 else { return .zero }
        return capped(seconds: seconds)
    }

    /// `text` read as delta-seconds (ASCII digits only, as in `Retry-After` and `Cache-Control: max-age`), at most
    /// ``longest``; `nil` when it is not delta-seconds.
    static func deltaSeconds(_ text: String) -> Duration? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        guard let seconds = Int(text), seconds < Int(longest / .seconds(1)) else { return longest }
        return .seconds(seconds)
    }

    /// A positive span in seconds (up to a date a server named) as a duration of at most ``longest``.
    static func capped(seconds: TimeInterval) -> Duration {
        min(longest, .milliseconds(Int64(min(seconds, longest / .seconds(1)) * 1000)))
    }
}
