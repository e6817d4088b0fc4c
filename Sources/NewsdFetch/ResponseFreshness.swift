public import Foundation
import NewsdDates

/// Reads how long a response stays fresh from its own headers (RFC 9111 §4.2.1, as a private cache): the server's
/// hint of how soon asking again is pointless.
///
/// `Cache-Control: max-age` wins over `Expires`; `no-cache` or `no-store` mean the server gives no freshness at all
/// (the feed may change at any moment), and so does an `Expires` that is malformed or already past. `Expires` is
/// measured from the response's `Date` when it has a valid one (the server's clock may be off from ours), else
/// from `now`. A lifetime is at most ``longest``.
public enum ResponseFreshness {
    /// The longest freshness newsd takes from a server: a week, like ``RetryAfter/longest``.
    public static let longest: Duration = RetryAfter.longest

    /// The lifetime the headers give, or `nil` when they give none (or a zero one).
    public static func lifetime(cacheControl: String?, expires: String?, date: String?, now: Date) -> Duration? {
        if let cacheControl {
            let directives = Self.directives(cacheControl)
            if directives.contains(where: { $0.name == "no-cache" || $0.name == "no-store" }) {
                return nil
            }
            if let maxAge = directives.first(where: { $0.name == "max-age" }) {
                guard let age = maxAge.value.flatMap(RetryAfter.deltaSeconds), age > .zero else { return nil }
                return age
            }
        }
        guard let expires, let expiry = NewsDate.parse(expires.trimmingHTTPWhitespace()) else { return nil }
        let base = date.flatMap { NewsDate.parse($0.trimmingHTTPWhitespace()) } ?? now
        let seconds = expiry.timeIntervalSince(base)
        guard seconds >= 1 else { return nil }
        return RetryAfter.capped(seconds: seconds)
    }

    /// The comma-separated directives of a `Cache-Control` value: names lower-cased, values unquoted.
    static func directives(_ value: String) -> [(name: String, value: String?)] {
        value.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard let rawName = pieces.first else { return nil }
            let name = String(rawName).trimmingHTTPWhitespace().lowercased()
            guard !name.isEmpty else { return nil }
            var argument = pieces.count > 1 ? String(pieces[1]).trimmingHTTPWhitespace() : nil
            if let quoted = argument, quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") {
                argument = String(quoted.dropFirst().dropLast())
            }
            return (name, argument)
        }
    }
}
