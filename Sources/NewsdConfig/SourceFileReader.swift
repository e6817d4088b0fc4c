import NewsdExtract
import NewsdFetch
import NewsdXML
import Foundation
import Yams

/// Reads one source file from `sources.d/` into a `SourceConfiguration`, reporting every problem in it.
struct SourceFileReader {
    /// What a source file yielded: the source if it had no problems, and its id (with where it is written) for the
    /// duplicate check, which runs even when other keys in the file are bad.
    struct Outcome {
        var source: SourceConfiguration?
        var id: (text: String, mark: Mark?)?
    }

    /// The pattern an `id` must match.
    static let idPattern = "^[a-z0-9][a-z0-9._-]*$"

    /// The absolute path of the source file.
    let file: String
    /// The global fetch settings the source's `fetch:` overrides apply to.
    let globalFetch: FetchLimits

    /// Reads and checks the file.
    func read(problems: inout ProblemList) -> Outcome {
        let before = problems.problems.count
        let yaml = YAMLFile.read(file, problems: &problems)
        if case .unusable = yaml {
            return Outcome()
        }
        let mapping = CheckedMapping(yaml.root, file: file, path: "", allowed: ConfigurationKeys.source,
                                     misplaced: ConfigurationKeys.misplacedInSource, problems: &problems)
        mapping.require("id", "give the source a short name such as `harbor-times`", problems: &problems)
        mapping.require("feeds", "list at least one feed URL", problems: &problems)

        let id = readID(mapping, problems: &problems)
        let name = mapping.string("name", problems: &problems)
        let intervals = readIntervals(mapping, problems: &problems)
        let allowFileURLs = mapping.bool("allow_file_urls", problems: &problems)
        let allowPrivateNetworks = mapping.bool("allow_private_networks", problems: &problems)
        let enabled = mapping.bool("enabled", problems: &problems)
        let priority = mapping.integer("dedupe_priority", in: SourceConfiguration.dedupePriorityRange,
                                       problems: &problems)
        let fetch = FetchLimitsReader.read(mapping.node("fetch"), file: file, base: globalFetch, problems: &problems)
        let (rules, siteTemplate) = readRules(mapping.node("rules"), problems: &problems)
        let obeyRobots = mapping.bool("obey_robots", problems: &problems)
        let ignoreValidators = mapping.bool("ignore_validators", problems: &problems)
        let headers = RequestIdentityReader.headers(mapping, problems: &problems)
        let cookies = RequestIdentityReader.cookies(mapping, problems: &problems)
        let feeds = readFeeds(mapping, allowFileURLs: allowFileURLs, problems: &problems)

        var outcome = Outcome(id: id)
        guard problems.problems.count == before, let id, let feeds else { return outcome }
        outcome.source = SourceConfiguration(
            id: id.text,
            name: name,
            feeds: feeds,
            interval: intervals.interval,
            minInterval: intervals.minimum,
            maxInterval: intervals.maximum,
            allowFileURLs: allowFileURLs ?? false,
            allowPrivateNetworks: allowPrivateNetworks ?? false,
            fetch: fetch,
            enabled: enabled ?? true,
            rules: rules,
            siteTemplate: siteTemplate,
            obeyRobots: obeyRobots ?? true,
            ignoreValidators: ignoreValidators ?? false,
            headers: headers,
            cookies: cookies,
            dedupePriority: priority ?? 0,
            file: file
        )
        return outcome
    }

    /// `interval`, `min_interval` and `max_interval`, each defaulted from the others and checked against them:
    /// the bounds must be in order and an `interval` the file sets must lie between them. An `interval` left out
    /// is the default moved into the bounds the file sets.
    private func readIntervals(_ mapping: CheckedMapping, problems: inout ProblemList)
        -> (interval: Duration, minimum: Duration, maximum: Duration)
    {
        let floor = SourceConfiguration.minimumInterval
        let given = mapping.duration("interval", atLeast: floor, problems: &problems)
        let givenMinimum = mapping.duration("min_interval", atLeast: floor, problems: &problems)
        let givenMaximum = mapping.duration("max_interval", atLeast: floor, atMost: SourceConfiguration.longestInterval,
                                            problems: &problems)
        let base = given ?? SourceConfiguration.defaultInterval
        var minimum = givenMinimum ?? SourceConfiguration.defaultMinInterval(for: base)
        var maximum = givenMaximum ?? SourceConfiguration.defaultMaxInterval(for: base)
        if givenMinimum == nil { minimum = min(minimum, maximum) }
        if givenMaximum == nil { maximum = max(maximum, minimum) }
        let text = DurationText.format
        if minimum > maximum {
            problems.add(file, at: mapping.mark(of: "min_interval"), key: "min_interval",
                         "must not be longer than max_interval (\(text(maximum))), got \(text(minimum))")
            return (base, minimum, minimum)
        }
        if let given, given < minimum || given > maximum {
            problems.add(file, at: mapping.mark(of: "interval"), key: "interval",
                         "must lie between min_interval (\(text(minimum))) and max_interval (\(text(maximum))), "
                             + "got \(text(given)); change `interval` or the bound")
        }
        return (min(max(base, minimum), maximum), minimum, maximum)
    }

    private func readID(_ mapping: CheckedMapping, problems: inout ProblemList) -> (text: String, mark: Mark?)? {
        guard let id = mapping.string("id", problems: &problems) else { return nil }
        guard id.count <= SourceConfiguration.maximumIDLength else {
            problems.add(file, at: mapping.mark(of: "id"), key: "id",
                         "must be at most \(SourceConfiguration.maximumIDLength) characters, got \(id.count)")
            return nil
        }
        guard id.range(of: Self.idPattern, options: .regularExpression) != nil else {
            problems.add(file, at: mapping.mark(of: "id"), key: "id", "expected lower-case letters, digits, "
                + "`.`, `_` and `-`, starting with a letter or digit (like `harbor-times`), got \"\(id)\"")
            return nil
        }
        return (id, mapping.mark(of: "id"))
    }

    /// The resolved feed URLs, or `nil` if the list is missing or any entry is bad. File URLs are only reported as
    /// not allowed when `allow_file_urls` itself was read without a problem.
    private func readFeeds(
        _ mapping: CheckedMapping,
        allowFileURLs: Bool?,
        problems: inout ProblemList
    ) -> [String]? {
        let before = problems.problems.count
        guard let items = mapping.stringList("feeds", problems: &problems) else { return nil }
        if items.isEmpty && problems.problems.count == before {
            problems.add(file, at: mapping.mark(of: "feeds"), key: "feeds", "must list at least one feed URL")
        }
        let fileURLsAllowed = mapping.node("allow_file_urls") == nil ? false : allowFileURLs
        let directory = PathResolution.directory(of: file)
        var feeds: [String] = []
        var firstItem: [String: ListItem] = [:]
        for item in items {
            switch FeedURL.resolve(item.text, sourceDirectory: directory) {
            case .failure(let refusal):
                problems.add(file, at: item.mark, key: item.keyPath, refusal.message)
            case .success(let resolved):
                if resolved.isFile && fileURLsAllowed == false {
                    problems.add(file, at: item.mark, key: item.keyPath, "file URLs are not allowed for this source; "
                        + "add `allow_file_urls: true` to the source file to read local files")
                } else if let earlier = firstItem[resolved.url] {
                    problems.add(file, at: item.mark, key: item.keyPath,
                                 "this feed is already listed as \(earlier.keyPath)")
                } else {
                    firstItem[resolved.url] = item
                    feeds.append(resolved.url)
                }
            }
        }
        return problems.problems.count == before ? feeds : nil
    }

    /// Whether libxml2 compiles the XPath (the extractor evaluates it with libxml2 too).
    private static func compiles(_ xpath: String) -> Bool {
        (try? MarkupDocument.validateXPath(xpath)) != nil
    }

    private func readRules(_ node: Node?, problems: inout ProblemList)
        -> (rules: ExtractionRules, template: SiteTemplateSettings)
    {
        let mapping = CheckedMapping(node, file: file, path: "rules", allowed: ConfigurationKeys.rules,
                                     problems: &problems)
        var rules = ExtractionRules()
        rules.contentXPath = mapping.string("content_xpath", problems: &problems)
        if let xpath = rules.contentXPath, !Self.compiles(xpath) {
            problems.add(file, at: mapping.mark(of: "content_xpath"), key: mapping.keyPath("content_xpath"),
                         "\"\(xpath)\" is not a valid XPath 1.0 expression")
        }
        let removals = mapping.stringList("remove_xpaths", problems: &problems) ?? []
        for removal in removals where !Self.compiles(removal.text) {
            problems.add(file, at: removal.mark, key: removal.keyPath,
                         "\"\(removal.text)\" is not a valid XPath 1.0 expression")
        }
        rules.removeXPaths = removals.map(\.text)
        let patterns = mapping.stringList("drop_patterns", problems: &problems) ?? []
        for pattern in patterns {
            do {
                _ = try NSRegularExpression(pattern: pattern.text)
            } catch {
                problems.add(file, at: pattern.mark, key: pattern.keyPath,
                             "\"\(pattern.text)\" is not a valid regular expression (NSRegularExpression syntax)")
            }
        }
        rules.dropPatterns = patterns.map(\.text)
        return (rules, SiteTemplateReader.read(mapping.node("template"), file: file, problems: &problems))
    }
}
