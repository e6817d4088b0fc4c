import ArgumentParser
import Foundation
import Logging
import NewsdDaemon
#if canImport(Glibc)
import Glibc
#endif

/// The `newsd` command: a news-ingestion daemon and the tools to tune and inspect it.
@main
struct Newsd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsd",
        abstract: "Polls news feeds, extracts clean articles, merges syndicated copies, writes them to a spool.",
        version: Daemon.version,
        subcommands: [
            Run.self, Once.self, CheckConfig.self, Status.self, FeedCommand.self, FeedBench.self, Dates.self, Extract.self,
            ExtractDir.self, Dedupe.self, FetchBench.self, MetricsBench.self, Story.self,
        ]
    )
}

/// Options every command that reads the configuration shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Path of newsd.yaml.")
    var config: String

    @Option(name: .long, help: "Spool directory, overriding the configuration's `spool`.")
    var spool: String?

    @Option(name: .long, help: "State directory, overriding the configuration's `state`.")
    var state: String?
}

/// Logging options.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "Lowest level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(name: .long, help: "Log format: line (LEVEL message key=value …) or json (one object per line).")
    var logFormat: String = LogFormat.line.rawValue

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard LogFormat(rawValue: logFormat) != nil else {
            throw ValidationError("--log-format must be line or json")
        }
    }

    /// Installs the log handler once per process and returns the root logger.
    func makeLogger() -> Logger {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let format = LogFormat(rawValue: logFormat) ?? .line
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: level, format: format) }
        return Logger(label: "newsd")
    }
}

/// Prints a message for the user on standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("newsd: \(message)\n".utf8))
}

/// Ends a command with a user-facing error message and exit status 1.
func fail(_ message: String) -> ExitCode {
    printError(message)
    return ExitCode.failure
}
