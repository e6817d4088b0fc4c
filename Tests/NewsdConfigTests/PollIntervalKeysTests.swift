import NewsdConfig
import Testing

/// `interval`, `min_interval` and `max_interval`: defaults derived from one another, and every inconsistency named
/// by file, line and key.
@Suite("Poll interval keys")
struct PollIntervalKeysTests {
    /// A configuration tree whose one source file is `id`, `feeds` and then `source`.
    func tree(_ source: String) throws -> TemporaryConfiguration {
        try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/feed]\n" + source,
        ])
    }

    func load(_ source: String) throws -> SourceConfiguration? {
        let tree = try tree(source)
        return try ConfigurationLoader.load(configFile: tree.configFile).sources.first
    }

    func problems(_ source: String) throws -> [String] {
        let tree = try tree(source)
        let file = tree.path("sources.d/a.yaml")
        return tree.problems().map { $0.replacingOccurrences(of: file, with: "a.yaml") }
    }

    @Test("without bounds: a quarter of interval (at least 10s) to four times it (at least 1h)")
    func defaults() throws {
        let plain = try #require(try load(""))
        #expect(plain.interval == .seconds(900))
        #expect(plain.minInterval == .seconds(225))
        #expect(plain.maxInterval == .seconds(3600))
        let slow = try #require(try load("interval: 2h\n"))
        #expect(slow.minInterval == .seconds(1800))
        #expect(slow.maxInterval == .seconds(8 * 3600))
        let fast = try #require(try load("interval: 20s\n"))
        #expect(fast.minInterval == .seconds(10))
        #expect(fast.maxInterval == .seconds(3600))
    }

    @Test("bounds given without interval move the default interval between them")
    func intervalFollowsBounds() throws {
        let source = try #require(try load("min_interval: 30m\nmax_interval: 2h\n"))
        #expect(source.interval == .seconds(1800))
        #expect(source.minInterval == .seconds(1800))
        #expect(source.maxInterval == .seconds(7200))
        let capped = try #require(try load("max_interval: 5m\n"))
        #expect(capped.interval == .seconds(300))
        #expect(capped.minInterval == .seconds(225))
    }

    @Test("an interval outside its bounds is reported against interval, naming both")
    func intervalOutsideBounds() throws {
        #expect(try problems("interval: 5m\nmin_interval: 10m\n") == [
            "a.yaml:3:11: key 'interval': must lie between min_interval (10m) and max_interval (1h), got 5m; "
                + "change `interval` or the bound",
        ])
    }

    @Test("min_interval longer than max_interval is reported against min_interval")
    func boundsOutOfOrder() throws {
        #expect(try problems("min_interval: 2h\nmax_interval: 1h\n") == [
            "a.yaml:3:15: key 'min_interval': must not be longer than max_interval (1h), got 2h",
        ])
    }

    @Test("the bounds are range-checked: at least 10s, max_interval at most a week")
    func ranges() throws {
        #expect(try problems("min_interval: 5s\nmax_interval: 30d\n") == [
            "a.yaml:3:15: key 'min_interval': must be at least 10s, got 5s",
            "a.yaml:4:15: key 'max_interval': must be between 10s and 7d, got 30d",
        ])
    }
}
