import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NewsdDates
import NewsdFeed

/// `newsd dates`: the shared date parser on texts read from standard input, for checking it against other parsers.
struct Dates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse dates the way feeds and pages are read: one text per line in, one UTC instant per line out.",
        discussion: """
            Reads standard input; for each line prints YYYY-MM-DDTHH:MM:SSZ (UTC, fractions dropped), or null when \
            the line is not a date newsd accepts (an impossible one included: 30 February is never rolled over). \
            --as reads every line by one notation's rules only: \(DateFamily.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @Option(name: .customLong("as"), help: "Read the dates by one notation's rules only.")
    var family: String?

    func validate() throws {
        if let family, DateFamily(rawValue: family) == nil {
            throw ValidationError("--as must be one of \(DateFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let only = family.flatMap(DateFamily.init(rawValue:))
        var output = ""
        while let line = readLine(strippingNewline: true) {
            let date = only.map { NewsDate.parse(line, as: $0) } ?? NewsDate.parse(line)
            output += date.map(FeedparserJSON.utcText) ?? "null"
            output += "\n"
        }
        print(output, terminator: "")
    }
}

/// `newsd feed-bench`: parses many feeds in one process and reports the parsing time alone.
struct FeedBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed-bench",
        abstract: "Parse every feed file under the given paths in one process; print files, bytes and seconds.",
        discussion: """
            Files are read into memory first, so only parsing is timed, in processor seconds (with --json, writing \
            feedparser-shaped JSON too). Prints one line: files=N bytes=N seconds=S failed=N. Used by \
            scripts/bench-feeds.
            """
    )

    @Argument(help: "Feed files, or directories searched recursively for *.xml, *.rss, *.atom and *.json files.")
    var paths: [String]

    @Option(help: "Parse the whole set this many times (the time covers every round).")
    var rounds = 1

    @Flag(help: "Also turn each parsed feed into feedparser-shaped JSON, as `newsd feed --json` does.")
    var json = false

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
    }

    func run() throws {
        let files = try paths.flatMap(Self.feedFiles)
        var documents: [(url: String, bytes: [UInt8])] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw fail("cannot read \(file): check that the file exists and is readable")
            }
            documents.append((URL(fileURLWithPath: file).absoluteString, [UInt8](data)))
        }
        let parser = FeedParser()
        var failed = 0
        var written = 0
        let start = Self.processorSeconds()
        for _ in 0..<rounds {
            for document in documents {
                do {
                    let feed = try parser.parse(document.bytes, url: document.url)
                    if json { written &+= FeedparserJSON.bytes(feed).count }
                } catch {
                    failed += 1
                }
            }
        }
        let seconds = Self.processorSeconds() - start
        let bytes = documents.reduce(0) { $0 + $1.bytes.count } * rounds
        print("files=\(documents.count * rounds) bytes=\(bytes) seconds=\(seconds) failed=\(failed)"
            + (json ? " json_bytes=\(written)" : ""))
    }

    /// Processor time this process has used, in seconds: steadier than wall time on a shared machine.
    static func processorSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// The file itself, or the feed files below a directory, sorted.
    static func feedFiles(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("no such file or directory: \(path)")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw fail("cannot list \(path): check its permissions")
        }
        let extensions: Set<String> = ["xml", "rss", "atom", "rdf", "json"]
        return walker.compactMap { $0 as? String }
            .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }
}
