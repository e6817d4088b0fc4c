@testable import NewsdFetch
import Testing

@Suite("Conversions for libcurl")
struct CurlConversionTests {
    @Test("a timeout becomes whole milliseconds, rounded down")
    func timeoutMilliseconds() {
        #expect((Duration.milliseconds(1500) + .microseconds(999)).curlTimeoutMilliseconds == 1500)
    }

    @Test("a zero, negative or sub-millisecond timeout becomes 1 ms, never libcurl's 'no limit'",
          arguments: [Duration.zero, .milliseconds(-5), .seconds(-3), .microseconds(400)])
    func shortestTimeout(duration: Duration) {
        #expect(duration.curlTimeoutMilliseconds == 1)
    }

    @Test("a timeout of a day or more is cut to a day instead of overflowing",
          arguments: [Duration.seconds(86_400), .seconds(10_000_000), .seconds(Int64.max)])
    func longestTimeout(duration: Duration) {
        #expect(duration.curlTimeoutMilliseconds == 86_400_000)
    }

    @Test("the low-speed time becomes whole seconds, rounded up")
    func lowSpeedSeconds() {
        #expect(Duration.milliseconds(1200).curlLowSpeedSeconds == 2)
    }

    @Test("the low-speed time stays within one second and one day",
          arguments: [(Duration.zero, 1), (.seconds(-1), 1), (.seconds(Int64.max), 86_400)])
    func lowSpeedBounds(duration: Duration, seconds: Int) {
        #expect(duration.curlLowSpeedSeconds == seconds)
    }

    @Test("a status line without a reason phrase still yields its code",
          arguments: ["HTTP/1.1 200\r\n", "HTTP/1.1 200 OK\r\n", "HTTP/2 200 \r\n", "HTTP/1.1 200\n"])
    func statusWithoutReason(line: String) {
        #expect(ResponseAssembler.statusCode(ofStatusLine: line) == 200)
    }
}
