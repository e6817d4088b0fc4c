import NewsdFetch
import NewsdMetrics
import Foundation
import Yams

/// Loads `newsd.yaml` and every source file in its sources directory into a validated `NewsdConfiguration`.
///
/// The loader reads everything before deciding: a bad value, an unknown key or a broken source file does not stop
/// it, so the `ConfigurationError` it throws lists every problem, each with file, line, column and key.
public enum ConfigurationLoader {
    /// Loads the configuration rooted at `configFile` (absolute, or relative to the current directory).
    ///
    /// Relative paths in `newsd.yaml` resolve against its directory; relative `file:` feed URLs against the
    /// directory of their source file. Source files are the `*.yaml` and `*.yml` files in the sources directory,
    /// hidden files excluded. A sources directory without source files is valid and yields no sources.
    public static func load(configFile: String) throws(ConfigurationError) -> NewsdConfiguration {
        let configPath = PathResolution.absolute(configFile, relativeTo: PathResolution.currentDirectory)
        var problems = ProblemList()
        let yaml = YAMLFile.read(configPath, problems: &problems)
        if case .unusable = yaml {
            throw ConfigurationError(problems: problems.sorted())
        }
        let global = GlobalSettings(yaml.root, file: configPath, problems: &problems)
        var sources: [SourceConfiguration] = []
        if let sourcesDirectory = global.sourcesDirectory {
            sources = loadSources(in: sourcesDirectory, global: global, configPath: configPath, problems: &problems)
        }
        guard problems.isEmpty, let spool = global.spool, let state = global.state,
              let sourcesDirectory = global.sourcesDirectory else {
            throw ConfigurationError(problems: problems.sorted())
        }
        return NewsdConfiguration(
            configFile: configPath,
            spoolDirectory: spool,
            stateDirectory: state,
            sourcesDirectory: sourcesDirectory,
            userAgent: global.userAgent,
            concurrency: global.concurrency,
            fetch: global.fetch,
            fetchConcurrency: global.fetchConcurrency,
            backoff: global.backoff,
            sources: sources,
            dedupeWindow: global.dedupeWindow,
            drainTimeout: global.drainTimeout,
            metrics: global.metrics
        )
    }

    private static func loadSources(
        in directory: String,
        global: GlobalSettings,
        configPath: String,
        problems: inout ProblemList
    ) -> [SourceConfiguration] {
        let names: [String]
        do {
            names = try sourceFileNames(in: directory)
        } catch {
            problems.add(configPath, at: global.sourcesMark, key: "sources",
                         "cannot read the sources directory \(directory): \(error.reason); "
                         + "create it, or point `sources:` at the directory holding the source files")
            return []
        }
        var sources: [SourceConfiguration] = []
        var firstFileForID: [String: (file: String, mark: Mark?)] = [:]
        for name in names {
            let file = directory + "/" + name
            let outcome = SourceFileReader(file: file, globalFetch: global.fetch).read(problems: &problems)
            if let id = outcome.id {
                if let first = firstFileForID[id.text] {
                    let place = first.mark.map { "\(first.file):\($0.line):\($0.column)" } ?? first.file
                    problems.add(file, at: id.mark, key: "id", "duplicate source id '\(id.text)': \(place) "
                        + "already uses it; give each source its own id")
                    continue
                }
                firstFileForID[id.text] = (file, id.mark)
            }
            if let source = outcome.source {
                sources.append(source)
            }
        }
        return sources
    }

    /// The source file names in `directory`, sorted: `*.yaml` and `*.yml`, hidden files left out.
    private static func sourceFileNames(in directory: String) throws(DirectoryError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw DirectoryError(reason: "it does not exist")
        }
        guard isDirectory.boolValue else {
            throw DirectoryError(reason: "it is not a directory")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw DirectoryError(reason: error.localizedDescription)
        }
        return entries
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
            .sorted()
    }

    private struct DirectoryError: Error {
        var reason: String
    }
}

/// The top level of `newsd.yaml`, read with defaults applied; `nil` paths had a problem (already reported).
private struct GlobalSettings {
    var spool: String?
    var state: String?
    var sourcesDirectory: String?
    var sourcesMark: Mark?
    var userAgent = NewsdConfiguration.defaultUserAgent
    var concurrency = NewsdConfiguration.defaultConcurrency
    var fetch = FetchLimits()
    var fetchConcurrency = FetchConcurrency()
    var backoff = Backoff()
    var dedupeWindow = NewsdConfiguration.defaultDedupeWindow
    var drainTimeout = NewsdConfiguration.defaultDrainTimeout
    var metrics = MetricsSettings()

    init(_ root: Node?, file: String, problems: inout ProblemList) {
        let mapping = CheckedMapping(root, file: file, path: "", allowed: ConfigurationKeys.global,
                                     misplaced: ConfigurationKeys.misplacedInGlobal, problems: &problems)
        let directory = PathResolution.directory(of: file)
        mapping.require("spool", "set the directory story records are delivered to", problems: &problems)
        mapping.require("state", "set the directory newsd keeps its database in", problems: &problems)
        spool = mapping.string("spool", problems: &problems).map {
            PathResolution.absolute($0, relativeTo: directory)
        }
        state = mapping.string("state", problems: &problems).map {
            PathResolution.absolute($0, relativeTo: directory)
        }
        if mapping.node("sources") != nil {
            sourcesMark = mapping.mark(of: "sources")
            sourcesDirectory = mapping.string("sources", problems: &problems).map {
                PathResolution.absolute($0, relativeTo: directory)
            }
        } else {
            sourcesDirectory = PathResolution.absolute(NewsdConfiguration.defaultSourcesDirectory,
                                                       relativeTo: directory)
        }
        if let agent = mapping.string("user_agent", problems: &problems) {
            if agent.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                problems.add(file, at: mapping.mark(of: "user_agent"), key: "user_agent",
                             "must be a single line without control characters")
            } else {
                userAgent = agent
            }
        }
        if let value = mapping.integer("concurrency", in: NewsdConfiguration.concurrencyRange, problems: &problems) {
            concurrency = value
        }
        (fetch, fetchConcurrency, backoff) = FetchLimitsReader.readGlobal(mapping.node("fetch"), file: file,
                                                                          problems: &problems)
        if let window = mapping.duration("dedupe_window", atLeast: NewsdConfiguration.minimumDedupeWindow,
                                         problems: &problems)
        {
            dedupeWindow = window
        }
        let drainRange = NewsdConfiguration.drainTimeoutRange
        if let timeout = mapping.duration("drain_timeout", atLeast: drainRange.lowerBound,
                                          atMost: drainRange.upperBound, problems: &problems)
        {
            drainTimeout = timeout
        }
        metrics = MetricsSettingsReader.read(mapping.node("metrics"), file: file, directory: directory,
                                             problems: &problems)
    }
}
