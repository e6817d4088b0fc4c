import Foundation
import NewsdFetch
import Testing

@Suite("Backoff and Retry-After")
struct FailurePolicyTests {
    let backoff = Backoff(initial: .seconds(60), maximum: .seconds(3600))

    @Test("the wait doubles with each failure in a row")
    func doubles() {
        let top: (ClosedRange<Double>) -> Double = { $0.upperBound }
        #expect(backoff.delay(afterFailures: 1, random: top) == .seconds(60))
        #expect(backoff.delay(afterFailures: 2, random: top) == .seconds(120))
        #expect(backoff.delay(afterFailures: 4, random: top) == .seconds(480))
    }

    @Test("the wait stops growing at the cap and stays there however many failures follow")
    func capped() {
        let top: (ClosedRange<Double>) -> Double = { $0.upperBound }
        #expect(backoff.delay(afterFailures: 7, random: top) == .seconds(3600))
        #expect(backoff.delay(afterFailures: 10_000, random: top) == .seconds(3600))
    }

    @Test("jitter takes the wait down to half at most")
    func jitter() {
        #expect(backoff.delay(afterFailures: 2, random: { $0.lowerBound }) == .seconds(60))
        #expect(backoff.delay(afterFailures: 2, random: { _ in 0.75 }) == .seconds(90))
        #expect(backoff.delay(afterFailures: 2, random: { _ in -3 }) == .seconds(60))
    }

    @Test("Retry-After in seconds is read as a wait")
    func retryAfterSeconds() {
        #expect(RetryAfter.delay("120", now: Date()) == .seconds(120))
        #expect(RetryAfter.delay(" 0 ", now: Date()) == .zero)
    }

    @Test("Retry-After as an HTTP date is the time until then, zero when past")
    func retryAfterDate() {
        let now = Date(timeIntervalSince1970: 1_760_000_000)  // 2025-10-09T08:53:20Z
        #expect(RetryAfter.delay("Thu, 09 Oct 2025 09:03:20 GMT", now: now) == .seconds(600))
        #expect(RetryAfter.delay("Thu, 09 Oct 2025 08:00:00 GMT", now: now) == .zero)
    }

    @Test("an unreadable Retry-After is ignored and a huge one is cut to a week")
    func retryAfterBounds() {
        #expect(RetryAfter.delay("soon", now: Date()) == nil)
        #expect(RetryAfter.delay("99999999999999999999", now: Date()) == RetryAfter.longest)
    }
}
