import Foundation
import NewsdConfig

/// Paths into the `Fixtures` resource directory: each fixture is a small config tree with its own `newsd.yaml`.
enum Fixture {
    /// The absolute path of the fixture directory `name`.
    static func directory(_ name: String) -> String {
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the Fixtures resource directory is missing from the test bundle")
        }
        return fixtures.appendingPathComponent(name).standardizedFileURL.path
    }

    /// The absolute path of `newsd.yaml` in the fixture `name` (or at `configFile` inside it).
    static func configFile(_ name: String, _ configFile: String = "newsd.yaml") -> String {
        directory(name) + "/" + configFile
    }
}

/// A config tree written from inline strings into a fresh temporary directory, for tests whose point is a line
/// number: the YAML sits next to the assertion.
struct TemporaryConfiguration: ~Copyable {
    /// The temporary directory holding the files.
    let directory: String

    /// Writes `files` (relative path → contents) into a new temporary directory.
    init(_ files: [String: String]) throws {
        directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("newsd-config-tests-\(UUID().uuidString)").path
        for (path, contents) in files {
            let url = URL(fileURLWithPath: directory + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The absolute path of `newsd.yaml` in the tree.
    var configFile: String { directory + "/newsd.yaml" }

    /// The absolute path of `relativePath` in the tree.
    func path(_ relativePath: String) -> String { directory + "/" + relativePath }

    /// The problem descriptions from loading the tree, or `[]` if it loaded.
    func problems() -> [String] {
        NewsdConfigTests.problems(loading: configFile)
    }
}

/// The problem descriptions from loading `configFile`, or `[]` if it loaded.
func problems(loading configFile: String) -> [String] {
    do {
        _ = try ConfigurationLoader.load(configFile: configFile)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

/// A minimal valid `newsd.yaml`.
let minimalGlobalFile = "spool: spool\nstate: state\n"
