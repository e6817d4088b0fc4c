import NewsdConfig
import NewsdExtract
import NewsdFetch
import Testing

@Suite("Loading a valid configuration")
struct ConfigurationLoaderTests {
    @Test("a minimal config loads with every documented default")
    func minimalConfigGetsDefaults() throws {
        let root = Fixture.directory("defaults")
        let configuration = try ConfigurationLoader.load(configFile: Fixture.configFile("defaults"))

        #expect(configuration.configFile == root + "/newsd.yaml")
        #expect(configuration.sourcesDirectory == root + "/sources.d")
        #expect(configuration.userAgent == "newsd/0.1 (+https://github.com/newsd/newsd)")
        #expect(configuration.concurrency == 8)
        #expect(configuration.dedupeWindow == .seconds(30 * 86_400))
        #expect(configuration.drainTimeout == .seconds(30))
        #expect(configuration.fetch == FetchLimits(
            connectTimeout: .seconds(10), totalTimeout: .seconds(60), lowSpeedLimit: 1024,
            lowSpeedTime: .seconds(30), maxBodyBytes: 10_485_760, maxRedirects: 5
        ))
        #expect(configuration.sources == [SourceConfiguration(
            id: "plain", name: "plain", feeds: ["https://example.com/feed.xml"], interval: .seconds(900),
            allowFileURLs: false, allowPrivateNetworks: false, fetch: configuration.fetch, enabled: true,
            rules: ExtractionRules(), file: root + "/sources.d/plain.yaml"
        )])
    }

    @Test("hidden files and files not ending in .yaml or .yml in the sources directory are ignored")
    func ignoresHiddenAndOtherFiles() throws {
        let configuration = try ConfigurationLoader.load(configFile: Fixture.configFile("defaults"))
        #expect(configuration.sources.map(\.id) == ["plain"])
    }

    @Test("spool, state and sources paths resolve against the directory of newsd.yaml")
    func relativePathsResolveAgainstConfigDirectory() throws {
        let root = Fixture.directory("relative-paths")
        let configFile = Fixture.configFile("relative-paths", "etc/newsd.yaml")
        let configuration = try ConfigurationLoader.load(configFile: configFile)

        #expect(configuration.spoolDirectory == root + "/var/spool")
        #expect(configuration.stateDirectory == "/srv/newsd/state")
        #expect(configuration.sourcesDirectory == root + "/sources/active")
        #expect(configuration.sources.map(\.file) == [root + "/sources/active/one.yml"])
    }

    @Test("file: feed URLs become absolute file:/// URLs, relative ones against the source file's directory")
    func fileURLsResolve() throws {
        let root = Fixture.directory("file-urls")
        let parent = root.split(separator: "/").dropLast().joined(separator: "/")
        let configuration = try ConfigurationLoader.load(configFile: Fixture.configFile("file-urls"))

        #expect(configuration.sources.first?.feeds == [
            "file:///\(parent)/demo/harbor/feed.xml",
            "file://\(root)/sources.d/feeds/feed.xml",
            "file:///srv/feeds/atom.xml",
            "file:///srv/rss.xml",
            "file://\(root)/sources.d/with%20space/feed.xml",
        ])
    }

    @Test("a source's fetch keys override the global fetch settings one key at a time")
    func sourceFetchOverridesGlobal() throws {
        let configuration = try ConfigurationLoader.load(configFile: Fixture.configFile("full-source"))

        #expect(configuration.fetch.totalTimeout == .seconds(120))
        #expect(configuration.fetch.maxBodyBytes == 4_000_000)
        let source = try #require(configuration.sources.first)
        #expect(source.fetch == FetchLimits(totalTimeout: .seconds(20), maxBodyBytes: 4_000_000, maxRedirects: 0))
    }

    @Test("every source key is read: name, feeds, interval, flags and extraction rules")
    func readsEverySourceKey() throws {
        let configuration = try ConfigurationLoader.load(configFile: Fixture.configFile("full-source"))
        let source = try #require(configuration.sources.first)

        #expect(source.name == "Everything Daily")
        #expect(source.feeds == ["https://everything.example/rss.xml", "https://everything.example/atom.xml"])
        #expect(source.interval == .seconds(5400))
        #expect(source.allowFileURLs == false)
        #expect(source.allowPrivateNetworks == true)
        #expect(source.enabled == false)
        #expect(source.dedupePriority == 40)
        #expect(configuration.dedupeWindow == .seconds(7 * 86_400))
        #expect(configuration.drainTimeout == .seconds(45))
        #expect(source.rules == ExtractionRules(
            contentXPath: "//main//article",
            removeXPaths: ["//aside", "//div[@class='share']"],
            dropPatterns: ["^Read more:", "(?i)newsletter"]
        ))
    }

    @Test("disabled sources are loaded but left out of enabledSources")
    func disabledSourcesAreFlagged() throws {
        let configuration = try ConfigurationLoader.load(configFile: Fixture.configFile("full-source"))
        #expect(configuration.sources.map(\.id) == ["everything"])
        #expect(configuration.enabledSources.isEmpty)
    }

    @Test("a sources directory without source files loads with zero sources")
    func emptySourcesDirectory() throws {
        let configuration = try ConfigurationLoader.load(configFile: Fixture.configFile("empty-sources"))
        #expect(configuration.sources.isEmpty)
    }

    @Test("sources are sorted by id, not by file name")
    func sourcesSortedByID() throws {
        let tree = try TemporaryConfiguration([
            "newsd.yaml": minimalGlobalFile,
            "sources.d/1.yaml": "id: zulu\nfeeds: [https://z.example/feed]\n",
            "sources.d/2.yaml": "id: alpha\nfeeds: [https://a.example/feed]\n",
        ])
        let configuration = try ConfigurationLoader.load(configFile: tree.configFile)
        #expect(configuration.sources.map(\.id) == ["alpha", "zulu"])
    }
}
