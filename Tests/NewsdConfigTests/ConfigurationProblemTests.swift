import NewsdConfig
import Testing

/// Each kind of problem names its file, line, column and key, and says what was expected.
@Suite("Reporting configuration problems")
struct ConfigurationProblemTests {
    @Test("a missing newsd.yaml is reported by path")
    func missingConfigFile() throws {
        let tree = try TemporaryConfiguration([:])
        #expect(tree.problems() == ["\(tree.configFile): cannot read the file: it does not exist"])
    }

    @Test("a missing sources directory is reported against the `sources` key that names it")
    func missingSourcesDirectory() throws {
        let tree = try TemporaryConfiguration(["newsd.yaml": "spool: spool\nstate: state\nsources: feeds.d\n"])
        #expect(tree.problems() == [
            "\(tree.configFile):3:10: key 'sources': cannot read the sources directory \(tree.path("feeds.d")): "
                + "it does not exist; create it, or point `sources:` at the directory holding the source files",
        ])
    }

    @Test("a YAML syntax error carries the line and column Yams reports")
    func yamlSyntaxError() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/broken.yaml": "id: broken\nfeeds:\n  - https://a.example/feed\n  name: oops\n",
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/broken.yaml")):4:3: invalid YAML: did not find expected '-' indicator "
                + "(while parsing a block collection on line 3)",
        ])
    }

    @Test("an unknown key suggests the closest known key")
    func unknownKeySuggestsNearKey() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/feed]\nintervall: 30m\n",
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):3:1: key 'intervall': unknown key; did you mean `interval`?",
        ])
    }

    @Test("a fetch key at the top of a source file is pointed to `fetch:`")
    func misplacedFetchKey() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/feed]\ntimeout: 30s\n",
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):3:1: key 'timeout': unknown key here; `timeout` belongs under `fetch:`",
        ])
    }

    @Test("a value of the wrong type says which type was expected")
    func wrongType() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/feed]\ninterval: soon\nenabled: maybe\n",
        ])
        let file = tree.path("sources.d/a.yaml")
        #expect(tree.problems() == [
            "\(file):3:11: key 'interval': expected a duration like 15m or 1h30m, got \"soon\"",
            "\(file):4:10: key 'enabled': expected true or false, got \"maybe\"",
        ])
    }

    @Test("a nested value of the wrong type names its full key path")
    func nestedWrongType() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile + "fetch:\n  max_redirects: lots\n",
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/feed]\n",
        ])
        #expect(tree.problems() == [
            "\(tree.configFile):4:18: key 'fetch.max_redirects': expected a whole number, got \"lots\"",
        ])
    }

    @Test("a missing required key is reported with what to put there")
    func missingRequiredKey() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": "id: a\nname: A\n",
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):1:1: key 'feeds': required key is missing; list at least one feed URL",
        ])
    }

    @Test("an out-of-range value states the allowed range")
    func outOfRange() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile + "concurrency: 300\n",
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/feed]\ninterval: 5s\n",
        ])
        #expect(tree.problems() == [
            "\(tree.configFile):3:14: key 'concurrency': must be between 1 and 256, got 300",
            "\(tree.path("sources.d/a.yaml")):3:11: key 'interval': must be at least 10s, got 5s",
        ])
    }

    @Test("dedupe_window and dedupe_priority are range-checked")
    func dedupeKeysOutOfRange() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile + "dedupe_window: 10m\n",
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/feed]\ndedupe_priority: 101\n",
        ])
        #expect(tree.problems() == [
            "\(tree.configFile):3:16: key 'dedupe_window': must be at least 1h, got 10m",
            "\(tree.path("sources.d/a.yaml")):3:18: key 'dedupe_priority': must be between 0 and 100, got 101",
        ])
    }

    @Test("drain_timeout is range-checked")
    func drainTimeoutOutOfRange() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile + "drain_timeout: 2h\n",
            "sources.d/a.yaml": "id: a\nfeeds: [https://a.example/feed]\n",
        ])
        #expect(tree.problems() == [
            "\(tree.configFile):3:16: key 'drain_timeout': must be between 1s and 1h, got 2h",
        ])
    }

    @Test("a file: feed in a source without allow_file_urls says to add it")
    func fileURLNeedsPermission() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": "id: a\nfeeds:\n  - file:feed.xml\n",
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):3:5: key 'feeds[0]': file URLs are not allowed for this source; "
                + "add `allow_file_urls: true` to the source file to read local files",
        ])
    }

    @Test("a feed URL with a scheme other than http, https or file is refused")
    func unsupportedScheme() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": "id: a\nfeeds:\n  - https://a.example/feed\n  - gopher://a.example/1/news\n",
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):4:5: key 'feeds[1]': URL scheme 'gopher' is not supported; "
                + "feeds must be http, https or file URLs",
        ])
    }

    @Test("an invalid drop pattern is reported at its own line")
    func invalidDropPattern() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": """
                id: a
                feeds: [https://a.example/feed]
                rules:
                  drop_patterns:
                    - "^Advertisement$"
                    - "(unclosed"
                """,
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):6:7: key 'rules.drop_patterns[1]': \"(unclosed\" is not a valid "
                + "regular expression (NSRegularExpression syntax)",
        ])
    }

    @Test("an id outside [a-z0-9][a-z0-9._-]* is refused")
    func invalidID() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/a.yaml": "id: Harbor Times\nfeeds: [https://a.example/feed]\n",
        ])
        #expect(tree.problems() == [
            "\(tree.path("sources.d/a.yaml")):1:5: key 'id': expected lower-case letters, digits, `.`, `_` and `-`, "
                + "starting with a letter or digit (like `harbor-times`), got \"Harbor Times\"",
        ])
    }

    @Test("a duplicate source id names both files")
    func duplicateIDsNameBothFiles() throws {
        let sources = Fixture.directory("duplicate-ids") + "/sources.d"
        #expect(problems(loading: Fixture.configFile("duplicate-ids")) == [
            "\(sources)/b-second.yaml:2:5: key 'id': duplicate source id 'shared': \(sources)/a-first.yaml:1:5 "
                + "already uses it; give each source its own id",
        ])
    }

    @Test("every problem in every file is reported, not only the first")
    func collectsAllProblems() throws {
        let root = Fixture.directory("several-problems")
        #expect(problems(loading: Fixture.configFile("several-problems")) == [
            "\(root)/newsd.yaml:1:1: key 'spool': required key is missing; "
                + "set the directory story records are delivered to",
            "\(root)/newsd.yaml:2:14: key 'concurrency': must be between 1 and 256, got 0",
            "\(root)/newsd.yaml:4:12: key 'fetch.timeout': expected a duration like 15m or 1h30m, got \"soon\"",
            "\(root)/sources.d/one.yaml:2:1: key 'intervall': unknown key; did you mean `interval`?",
            "\(root)/sources.d/one.yaml:4:5: key 'feeds[0]': URL scheme 'ftp' is not supported; "
                + "feeds must be http, https or file URLs",
            "\(root)/sources.d/two.yaml:3:1: invalid YAML: did not find expected ',' or ']' "
                + "(while parsing a flow sequence on line 2)",
        ])
    }
}
