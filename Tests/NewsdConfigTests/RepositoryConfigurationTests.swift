import NewsdConfig
import Testing

@Suite("The repository's own config/ directory")
struct RepositoryConfigurationTests {
    /// The package root, three levels up from this file (Tests/NewsdConfigTests/ThisFile.swift).
    private static let repositoryRoot: String = {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return components.joined(separator: "/")
    }()

    @Test("config/newsd.yaml loads with the three demo sources, reading the demo corpus through file: URLs")
    func repositoryConfigLoads() throws {
        let root = Self.repositoryRoot
        let configuration = try ConfigurationLoader.load(configFile: root + "/config/newsd.yaml")

        #expect(configuration.spoolDirectory == root + "/var/spool")
        #expect(configuration.stateDirectory == root + "/var/state")
        #expect(configuration.concurrency == 4)
        #expect(configuration.sources.map(\.id) == ["coastal-wire", "harbor-times", "valley-post"])
        #expect(configuration.sources.map(\.name) == ["Coastal Wire", "Harbor Times", "Valley Post"])
        #expect(configuration.sources.map(\.feeds) == [
            ["file://\(root)/demo/coastal-wire/atom.xml"],
            ["file://\(root)/demo/harbor-times/feed.xml"],
            ["file://\(root)/demo/valley-post/feed.xml"],
        ])
        #expect(configuration.sources.allSatisfy { $0.allowFileURLs && $0.interval == .seconds(900) })
    }
}
