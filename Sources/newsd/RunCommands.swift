import ArgumentParser
import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
#if canImport(Glibc)
import Glibc
#endif

/// Loads the configuration and applies the command line's directory overrides.
func loadConfiguration(_ options: ConfigOptions) throws -> NewsdConfiguration {
    do {
        return try configurationLoader(options)()
    } catch {
        throw fail("\(error)")
    }
}

/// Loads the configuration with the command line's directory overrides applied, as at start and on each reload;
/// throws the loader's `ConfigurationError`, which lists every problem.
func configurationLoader(_ options: ConfigOptions) -> @Sendable () throws -> NewsdConfiguration {
    // A relative path on the command line is relative to the working directory, as for every other tool; resolved
    // now, so a reload reads the same directories.
    let configFile = options.config
    let spool = options.spool.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    let state = options.state.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    return {
        var configuration = try ConfigurationLoader.load(configFile: configFile)
        if let spool { configuration.spoolDirectory = spool }
        if let state { configuration.stateDirectory = state }
        return configuration
    }
}

/// Opens the daemon (state, spool, sources) for `run` and `once`.
func openDaemon(_ options: ConfigOptions, logger: Logger) throws -> Daemon {
    let configuration = try loadConfiguration(options)
    do {
        return try Daemon(configuration: configuration, logger: logger)
    } catch {
        throw fail("\(error)")
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon: poll every source on its interval until SIGTERM or SIGINT.",
        discussion: """
            Speaks systemd's notify protocol when NOTIFY_SOCKET is set (Type=notify), with watchdog pings when \
            WATCHDOG_USEC is set. SIGHUP reloads newsd.yaml and the source files (a bad configuration is rejected \
            and the old one keeps running); SIGTERM and SIGINT drain: in-flight items get drain_timeout to finish, \
            unfinished ones run on the next start.
            """
    )

    @OptionGroup var options: ConfigOptions
    @OptionGroup var log: LogOptions

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        try openDaemon(options, logger: log.makeLogger()).run(reloadConfiguration: configurationLoader(options))
    }
}

struct Once: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One pass over every source, then exit.",
        discussion: "Exits 0 when the pass ran, even if some sources failed; the summary names them."
    )

    @OptionGroup var options: ConfigOptions
    @OptionGroup var log: LogOptions

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let daemon = try openDaemon(options, logger: log.makeLogger())
        print(PassSummary(reports: daemon.runOnce(), spool: daemon.configuration.spoolDirectory).text)
    }
}

/// The summary `newsd once` prints: one line per source, then totals.
struct PassSummary {
    var reports: [SourcePassReport]
    var spool: String

    var text: String {
        var lines: [String] = []
        let width = max(6, reports.map(\.sourceID.count).max() ?? 0)
        for report in reports {
            let id = report.sourceID.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "\(id)  \(report.succeeded ? "ok    " : "FAILED")  "
                + "items \(report.itemsListed), new \(report.itemsNew), "
                + "stories \(report.storiesCreated), joined \(report.copiesJoined)"
            if report.feedsNotModified > 0 { line += ", not modified \(report.feedsNotModified)" }
            if report.feedsSkipped > 0 { line += ", feeds skipped \(report.feedsSkipped)" }
            lines.append(line)
            for problem in report.problems {
                lines.append("    \(problem)")
            }
        }
        let written = reports.reduce(0) { $0 + $1.recordsWritten }
        let failed = reports.filter { !$0.succeeded }.map(\.sourceID)
        lines.append("\(written) record(s) written to \(spool)/new"
            + (failed.isEmpty ? "" : "; sources with problems: \(failed.joined(separator: ", "))"))
        return lines.joined(separator: "\n")
    }
}

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print a summary; exit 1 on any problem."
    )

    @Option(name: .long, help: "Path of newsd.yaml.")
    var config: String

    func run() throws {
        do {
            let configuration = try ConfigurationLoader.load(configFile: config)
            print(configuration.summary())
        } catch {
            throw fail("\(error)")
        }
    }
}
