import NewsdConfig
import NewsdFetch
import Testing

@Suite("Fetch and identity keys")
struct FetchKeysTests {
    @Test("engine-wide fetch keys and the host delay are read from newsd.yaml")
    func globalKeys() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": """
                spool: spool
                state: state
                fetch:
                  host_delay: 0s
                  max_transfers: 100
                  max_transfers_per_host: 4
                  backoff_initial: 30s
                  backoff_max: 2h
                """,
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/rss]\nfetch:\n  host_delay: 5s\n",
        ])
        let configuration = try ConfigurationLoader.load(configFile: tree.configFile)

        #expect(configuration.fetch.hostDelay == .zero)
        #expect(configuration.fetchConcurrency == FetchConcurrency(maximumTransfers: 100, maximumPerHost: 4))
        #expect(configuration.backoff == Backoff(initial: .seconds(30), maximum: .seconds(7200)))
        #expect(configuration.sources.first?.fetch.hostDelay == .seconds(5))
    }

    @Test("an engine-wide key in a source's fetch: is refused with where it belongs")
    func engineKeyInSource() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": "spool: s\nstate: t\n",
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/rss]\nfetch:\n  max_transfers: 9\n",
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):4:3: key 'fetch.max_transfers': unknown key here; `max_transfers` "
                + "applies to every source: set it in newsd.yaml's `fetch:`",
        ])
    }

    @Test("robots, validators, headers and cookies are read per source")
    func sourceKeys() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": "spool: s\nstate: t\n",
            "sources.d/a.yaml": """
                id: a
                feeds: [https://a.example/rss]
                obey_robots: false
                ignore_validators: true
                headers:
                  Accept-Language: en
                cookies:
                  consent: "yes"
                """,
        ])
        let source = try #require(try ConfigurationLoader.load(configFile: tree.configFile).sources.first)

        #expect(!source.obeyRobots)
        #expect(source.ignoreValidators)
        #expect(source.headers == ["Accept-Language": "en"])
        #expect(source.cookies == ["consent": "yes"])
    }

    @Test("by default robots.txt is obeyed, validators are sent and nothing extra is added")
    func sourceDefaults() {
        let source = SourceConfiguration(id: "a", feeds: ["https://a.example/rss"], file: "/a.yaml")
        #expect(source.obeyRobots && !source.ignoreValidators && source.headers.isEmpty && source.cookies.isEmpty)
    }

    @Test("headers newsd sets itself, bad header names and bad cookie values are refused with their line")
    func badIdentity() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": "spool: s\nstate: t\n",
            "sources.d/a.yaml": """
                id: a
                feeds: [https://a.example/rss]
                headers:
                  User-Agent: me
                  "Bad Name": x
                cookies:
                  session: "a;b"
                """,
        ])
        let file = tree.path("sources.d/a.yaml")
        #expect(tree.problems() == [
            "\(file):4:3: key 'headers.User-Agent': cannot be set here; set `user_agent` in newsd.yaml",
            "\(file):5:3: key 'headers.Bad Name': not a valid header name: use letters, digits and - (like "
                + "`Accept-Language`)",
            "\(file):7:3: key 'cookies.session': the value may not contain spaces, control characters, quotes, "
                + "commas, semicolons or backslashes (RFC 6265 cookie-octets)",
        ])
    }

    @Test("a host delay over an hour is refused")
    func hostDelayRange() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": "spool: s\nstate: t\nfetch:\n  host_delay: 2h\n",
            "sources.d/.keep": "",
        ])
        #expect(tree.problems() == [
            "\(tree.configFile):4:15: key 'fetch.host_delay': must be between 0s and 1h, got 2h",
        ])
    }
}
