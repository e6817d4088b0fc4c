import NewsdConfig
import Testing

@Suite("DurationText")
struct DurationTextTests {
    @Test("parses single units and largest-first combinations", arguments: [
        ("30s", Duration.seconds(30)), ("15m", .seconds(900)), ("2h", .seconds(7200)), ("1d", .seconds(86_400)),
        ("1h30m", .seconds(5400)), ("1d2h3m4s", .seconds(93_784)), ("250ms", .milliseconds(250)), ("0s", .zero),
    ])
    func parses(text: String, expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test("rejects text that is not a duration", arguments: [
        "", "soon", "30", "15 m", "m15", "1.5h", "-5m", "30m1h", "1m1m", "15min", "1h 30m", "99999999999999999d",
    ])
    func rejects(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test("formats as the shortest text that parses back", arguments: [
        (Duration.seconds(5400), "1h30m"), (.seconds(900), "15m"), (.seconds(86_400), "1d"), (.zero, "0s"),
        (.seconds(90_061), "1d1h1m1s"), (.milliseconds(1500), "1s500ms"),
    ])
    func formats(duration: Duration, expected: String) {
        #expect(DurationText.format(duration) == expected)
        #expect(DurationText.parse(expected) == duration)
    }
}
