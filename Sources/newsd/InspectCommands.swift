import ArgumentParser
import Foundation
import Logging
import NewsdConfig
import NewsdDaemon
import NewsdExtract
import NewsdFeed
import NewsdFetch
import NewsdSpool
import NewsdState

/// Reads a page or feed named on the command line: an http(s) or file URL through the fetcher, else a local file.
struct InputDocument {
    var bytes: [UInt8]
    /// The URL the document was fetched from (after redirects), if it came from one.
    var url: String?
    /// The charset the server declared, if any.
    var charset: String?
    /// The server's `Content-Location` and `Content-Language`, if it sent them.
    var contentLocation: String?
    var contentLanguage: String?

    static func load(_ argument: String) throws -> InputDocument {
        let lowered = argument.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("file://") {
            // The operator names this URL on the command line, so private addresses are allowed here, unlike in
            // the daemon, where URLs come from feeds.
            let request = FetchRequest(url: argument, userAgent: NewsdConfiguration.defaultUserAgent,
                                       allowFileURLs: lowered.hasPrefix("file://"), allowPrivateNetworks: true)
            do {
                let response = try Fetcher(logger: Logger(label: "newsd")).fetch(request)
                return InputDocument(bytes: response.body, url: response.effectiveURL, charset: response.charset,
                                     contentLocation: response.contentLocation,
                                     contentLanguage: response.contentLanguage)
            } catch {
                throw fail("\(error)")
            }
        }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw fail("cannot read \(argument): check that the file exists and is readable")
        }
        return InputDocument(bytes: [UInt8](data), url: nil, charset: nil)
    }
}

struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Parse a feed and print what newsd sees in it.",
        discussion: "--json prints feedparser's result shape for the fields newsd models."
    )

    @Argument(help: "A feed file, or an http(s)/file URL.")
    var input: String

    @Flag(help: "Print JSON in feedparser's result shape.")
    var json = false

    func run() throws {
        let document = try InputDocument.load(input)
        let url = document.url ?? URL(fileURLWithPath: input).absoluteString
        let feed: Feed
        do {
            feed = try FeedParser().parse(document.bytes, url: url, charset: document.charset,
                                          contentLocation: document.contentLocation,
                                          contentLanguage: document.contentLanguage)
        } catch {
            throw fail("\(error)")
        }
        if json {
            print(FeedparserJSON.string(feed, prettyPrinted: true))
            return
        }
        print("\(feed.title ?? "(untitled feed)")  [\(feed.format)]  \(feed.items.count) item(s)")
        for warning in feed.warnings {
            print("  warning: \(warning)")
        }
        for item in feed.items {
            let date = (item.published ?? item.updated).map { $0.formatted(.iso8601) } ?? "-"
            print("  \(date)  \(item.title ?? "(untitled)")\n      \(item.link ?? "(no link)")  id=\(item.identity)")
        }
    }
}

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the article from one page and print its body text.",
        discussion: """
            --explain lists every block with kept or dropped and the signal or rule that decided it, to tune a \
            source's rules. --config with --source applies that source's rules and the site template the daemon \
            learned for it (read from the state directory, never changed).
            """
    )

    @Argument(help: "An HTML file, or an http(s)/file URL.")
    var input: String

    @Option(help: "The page's URL, for a file (resolves relative links, names the page in errors).")
    var url: String?

    @Flag(help: "Print the whole article record as JSON.")
    var json = false

    @Flag(help: "List every block, kept or dropped, and why.")
    var explain = false

    @Option(help: "With --config: apply this source's extraction rules and learned site template.")
    var source: String?

    @Option(help: "Path of newsd.yaml, to find --source.")
    var config: String?

    func validate() throws {
        if (source == nil) != (config == nil) {
            throw ValidationError("--source and --config go together")
        }
    }

    func run() throws {
        let document = try InputDocument.load(input)
        let (extractor, template) = try makeExtractor()
        let pageURL = url ?? document.url
        do {
            let explained = try extractor.extract(html: document.bytes, url: pageURL, charset: document.charset,
                                                  template: template, explaining: explain)
            if explain {
                if let template { print(template.summary) }
                for decision in explained.decisions {
                    print(decision)
                }
                if json { print(ArticleJSON.string(explained.article)) }
            } else if json {
                print(ArticleJSON.string(explained.article))
            } else {
                print(explained.article.paragraphs.joined(separator: "\n\n"))
            }
        } catch {
            throw fail("\(error)")
        }
    }

    private func makeExtractor() throws -> (ArticleExtractor, SiteTemplate?) {
        guard let source, let config else { return (ArticleExtractor(), nil) }
        let configuration: NewsdConfiguration
        do {
            configuration = try ConfigurationLoader.load(configFile: config)
        } catch {
            throw fail("\(error)")
        }
        guard let found = configuration.sources.first(where: { $0.id == source }) else {
            throw fail("no source '\(source)' in \(config); `newsd check-config --config \(config)` lists them")
        }
        let extractor: ArticleExtractor
        do {
            extractor = try ArticleExtractor(rules: found.rules)
        } catch {
            throw fail("\(found.file): \(error)")
        }
        return (extractor, try StoredSiteTemplate.load(for: found, stateDirectory: configuration.stateDirectory))
    }
}

/// An article as JSON, for `newsd extract --json`.
enum ArticleJSON {
    static func string(_ article: Article) -> String {
        var object: [String: Any] = [
            "paragraphs": article.paragraphs, "captions": article.captions, "pull_quotes": article.pullQuotes,
            "access": article.access.rawValue, "bylines": article.bylines,
            "has_paywalled_section": article.hasPaywalledSection,
        ]
        object["title"] = article.title ?? NSNull()
        object["byline"] = article.byline ?? NSNull()
        object["canonical_url"] = article.canonicalURL ?? NSNull()
        object["language"] = article.language ?? NSNull()
        object["site_name"] = article.siteName ?? NSNull()
        object["published"] = article.published.map { $0.formatted(.iso8601) } ?? NSNull()
        object["modified"] = article.modified.map { $0.formatted(.iso8601) } ?? NSNull()
        object["section"] = article.section ?? NSNull()
        object["lead_image"] = article.leadImage ?? NSNull()
        object["standfirst"] = article.standfirst ?? NSNull()
        object["is_accessible_for_free"] = article.isAccessibleForFree ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted,
                                                                                   .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

struct ExtractDir: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-dir",
        abstract: "Extract every INDIR/ID.html into OUTDIR/ID.txt (the body), in one process.",
        discussion: "Prints extract_seconds=<float> on stderr: the time spent extracting, without file I/O."
    )

    @Argument(help: "Directory of ID.html files.")
    var inputDirectory: String

    @Argument(help: "Directory for ID.txt files (created if missing).")
    var outputDirectory: String

    func run() throws {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: inputDirectory)
                .filter { $0.hasSuffix(".html") }.sorted()
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw fail("\(inputDirectory) → \(outputDirectory): \(error.localizedDescription)")
        }
        let extractor = ArticleExtractor()
        var seconds: Double = 0
        var failures = 0
        for file in files {
            let path = (inputDirectory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("cannot read \(path); skipped")
                failures += 1
                continue
            }
            let bytes = [UInt8](data)
            let start = ContinuousClock.now
            let body: String
            do {
                body = try extractor.extract(html: bytes, url: nil, charset: nil).paragraphs.joined(separator: "\n\n")
            } catch {
                printError("\(path): \(error)")
                body = ""
                failures += 1
            }
            seconds += (ContinuousClock.now - start) / .seconds(1)
            let output = (outputDirectory as NSString).appendingPathComponent(String(file.dropLast(5)) + ".txt")
            // A plain write: these are scratch outputs for a benchmark, not records, so no fsync (Data.write has one).
            guard let file = fopen(output, "w") else {
                throw fail("cannot write \(output): check the directory's permissions and free space")
            }
            let written = body.utf8.isEmpty ? 0 : fwrite(body, 1, body.utf8.count, file)
            if fclose(file) != 0 || written != body.utf8.count {
                throw fail("cannot write \(output): check the directory's permissions and free space")
            }
        }
        FileHandle.standardError.write(Data("extract_seconds=\(seconds)\n".utf8))
        if failures > 0 {
            printError("\(failures) of \(files.count) page(s) gave no article")
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per-source health and the spool backlog, from the state database (works while newsd runs).",
        discussion: """
            Shows whether a daemon holds the state directory (and its pid), then one row per source with the \
            failing ones first: state, last success, last error, next poll, items over all polls and items spooled \
            today (UTC). Failing sources are followed by their last error and the feeds that fail, are gone or moved.
            """
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let configuration = try loadConfiguration(options)
        guard FileManager.default.fileExists(atPath: StateStore.databasePath(in: configuration.stateDirectory)) else {
            throw fail("no state in \(configuration.stateDirectory): newsd has not run with this state directory yet "
                + "(run `newsd once` or start the service), or --state points elsewhere")
        }
        let report: StatusReport
        do {
            let store = try StateStore(directory: configuration.stateDirectory)
            report = StatusReport(
                daemon: DirectoryLockHolder.of(directory: configuration.stateDirectory),
                spoolDirectory: configuration.spoolDirectory, stateDirectory: configuration.stateDirectory,
                backlog: try? SpoolWriter(directory: configuration.spoolDirectory).backlog(),
                sources: configuration.sources, health: try store.sourceHealth(), feedStates: try store.feedStates(),
                itemsToday: try store.itemsSeenBySource(since: StatusReport.todayStart(now: Date()))
            )
        } catch {
            throw fail("\(error)")
        }
        print(report.text)
    }
}
