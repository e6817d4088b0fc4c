public import Foundation
public import Logging
public import NewsdConfig
public import NewsdExtract
import NewsdFeed
public import NewsdFetch
import NewsdState

/// What one pass over one source did, for logs, `newsd once`'s summary and `newsd status`.
public struct SourcePassReport: Sendable, Equatable {
    public var sourceID: String
    /// Feeds the server said had not changed (304).
    public var feedsNotModified = 0
    /// Feeds not fetched in this pass: gone (410), or failing and waiting out their backoff.
    public var feedsSkipped = 0
    /// Items listed in the feeds, and those not seen before.
    public var itemsListed = 0
    public var itemsNew = 0
    /// Stories started and copies joined to existing stories.
    public var storiesCreated = 0
    public var copiesJoined = 0
    /// One message per problem (a feed or a page that failed), each naming the URL.
    public var problems: [String] = []
    /// Whether the pass stopped early because the daemon is stopping.
    public var interrupted = false
    /// Feeds fetched in this pass (changed or 304): when none was, the pass says nothing about the source's pace.
    public var feedsFetched = 0
    /// The publication dates of the new items that carry one (`published`, else `updated`), for the scheduler.
    public var newItemDates: [Date] = []
    /// How long the server says every fetched feed stays fresh (`<ttl>`, `sy:updatePeriod`, `Cache-Control:
    /// max-age`, `Expires`): the shortest among the feeds, `nil` when any fetched feed gave no hint.
    public var freshFor: Duration?
    /// The earliest time a feed that failed or is backing off may be tried again (backoff, `Retry-After`).
    public var retryNotBefore: Date?
    /// Items taken in: handed to the story desk and marked seen (for the daemon's "items today" status).
    public var itemsTaken = 0
    /// Pages (or feed content) extraction turned into an article, and of those the ones flagged as paywalled.
    public var articlesExtracted = 0
    public var paywallsFlagged = 0
    /// Pages extraction found no article in (no text, not HTML), found a consent wall on, or could not parse.
    public var pagesWithoutArticle = 0
    public var consentWalls = 0
    public var extractionErrors = 0

    public init(sourceID: String) {
        self.sourceID = sourceID
    }

    /// Whether everything the pass tried worked.
    public var succeeded: Bool { problems.isEmpty }

    /// Records spooled by the pass.
    public var recordsWritten: Int { storiesCreated + copiesJoined }

    /// Counts a fetched feed and folds its freshness hint into ``freshFor``: a feed without a hint leaves the
    /// source without one, since that feed may change at any time.
    public mutating func noteFetched(freshFor hint: Duration?) {
        freshFor = feedsFetched == 0 ? hint : hint.flatMap { hint in freshFor.map { min($0, hint) } }
        feedsFetched += 1
    }

    /// Keeps the earliest time a failing feed may be tried again.
    public mutating func noteRetry(notBefore date: Date?) {
        guard let date else { return }
        retryNotBefore = retryNotBefore.map { min($0, date) } ?? date
    }
}

/// One pass over one source: fetch each feed, parse it, and send every item not seen before through page fetch,
/// extraction and the story desk.
///
/// Runs on a worker thread, never on the desk's queue. A failing feed or page is logged with the source and URL and
/// counted in the report; the rest of the source goes on. An item whose page failed is not marked seen, so the next
/// pass retries it; a feed's validators are saved only when all its items went through, so a 304 never hides an
/// item that still needs work.
///
/// Each feed has a fetch state (``FeedAttempts``): a feed that moved for good (301/308) is fetched at its new URL,
/// a gone feed (410) is skipped until its source file changes, and a failing feed waits out its backoff (or the
/// server's Retry-After); skipped feeds that are gone or failing still count as problems, so `newsd status` keeps
/// reporting them. Article pages are fetched only where the site's robots.txt allows (unless `obey_robots: false`).
public struct SourcePass: Sendable {
    public var source: SourceConfiguration
    public var userAgent: String
    let fetcher: Fetcher
    let robots: RobotsCache
    let backoff: Backoff
    /// A fingerprint of the source's file: a gone mark made under another one is void.
    let configuration: String
    let extractor: ArticleExtractor
    let desk: StoryDesk
    let clock: @Sendable () -> Date
    let random: @Sendable (ClosedRange<Double>) -> Double
    let shouldContinue: @Sendable () -> Bool
    let logger: Logger

    /// After this many failed attempts at an item (its page 404s, times out, has no article), newsd gives up on
    /// it: it is marked seen and no longer fetched.
    public static let maximumItemAttempts = 5

    public init(source: SourceConfiguration, userAgent: String, fetcher: Fetcher, robots: RobotsCache,
                backoff: Backoff, configuration: String, extractor: ArticleExtractor, desk: StoryDesk,
                clock: @escaping @Sendable () -> Date = Date.init,
                random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) },
                shouldContinue: @escaping @Sendable () -> Bool = { true }, logger: Logger)
    {
        self.source = source
        self.userAgent = userAgent
        self.fetcher = fetcher
        self.robots = robots
        self.backoff = backoff
        self.configuration = configuration
        self.extractor = extractor
        self.desk = desk
        self.clock = clock
        self.random = random
        self.shouldContinue = shouldContinue
        var logger = logger
        logger[metadataKey: "source"] = "\(source.id)"
        self.logger = logger
    }

    public func run() -> SourcePassReport {
        var report = SourcePassReport(sourceID: source.id)
        let template = PassSiteTemplate()
        for feedURL in source.feeds {
            guard shouldContinue() else {
                report.interrupted = true
                break
            }
            poll(feedURL: feedURL, template: template, into: &report)
        }
        saveTemplate(template)
        return report
    }

    private func request(_ url: String, validators: FeedValidators? = nil) -> FetchRequest {
        FetchRequest(
            url: url, etag: validators?.etag, lastModified: validators?.lastModified, userAgent: userAgent,
            allowFileURLs: source.allowFileURLs, allowPrivateNetworks: source.allowPrivateNetworks,
            settings: source.fetch, extraHeaders: source.headers, cookies: source.cookies
        )
    }

    private func poll(feedURL: String, template: PassSiteTemplate, into report: inout SourcePassReport) {
        var logger = logger
        logger[metadataKey: "url"] = "\(feedURL)"
        let state: FeedState
        do {
            state = try desk.feedState(source: source.id, url: feedURL) ?? FeedState(source: source.id, url: feedURL)
        } catch {
            report.problems.append("feed \(feedURL): \(error)")
            logger.error("state unavailable: \(error)", metadata: ["outcome": "failed"])
            return
        }
        switch FeedAttempts.skip(state, configuration: configuration, now: clock()) {
        case .gone(let since):
            report.feedsSkipped += 1
            report.problems.append("feed \(feedURL) is gone (HTTP 410 since \(since.formatted(.iso8601))); "
                + "remove it from \(source.file), or edit the file to have newsd try it again")
            logger.info("feed skipped: gone (HTTP 410)", metadata: ["outcome": "gone", "file": "\(source.file)"])
            return
        case .backingOff(let until, let failures, let lastError):
            report.feedsSkipped += 1
            report.noteRetry(notBefore: until)
            report.problems.append("feed \(feedURL) is failing (\(failures) in a row); next attempt after "
                + "\(until.formatted(.iso8601)); last error: \(lastError ?? "unknown")")
            logger.info("feed skipped: backing off after failures", metadata: [
                "outcome": "backing_off", "failures": "\(failures)", "until": "\(until.formatted(.iso8601))",
            ])
            return
        case nil:
            break
        }

        let fetchURL = state.currentURL ?? feedURL
        let feed: Feed
        let response: FetchResponse
        do {
            let validators = source.ignoreValidators ? nil : try desk.validators(for: feedURL)
            response = try fetcher.fetch(request(fetchURL, validators: validators))
        } catch let error as FetchError where error.kind == .stopping {
            // Cancelled by a stop past its deadline: not the feed's fault, so no failure is recorded.
            report.interrupted = true
            return
        } catch let error as FetchError {
            let outcome = FeedAttempts.outcome(of: error, now: clock())
            let updated = record(outcome, state, logger: logger)
            report.noteRetry(notBefore: updated.nextAttemptAt)
            if outcome == .gone {
                report.problems.append("feed \(feedURL) is gone (HTTP 410); it is no longer polled: remove it "
                    + "from \(source.file), or edit the file to have newsd try it again")
                logger.warning("feed is gone (HTTP 410); no longer polled until its source file changes",
                               metadata: ["outcome": "gone", "file": "\(source.file)"])
            } else {
                report.problems.append("feed \(feedURL): \(error)")
                logger.warning("feed failed: \(error)", metadata: [
                    "outcome": "failed", "failures": "\(updated.consecutiveFailures)",
                    "next_attempt": "\(updated.nextAttemptAt?.formatted(.iso8601) ?? "-")",
                ])
            }
            return
        } catch {
            report.problems.append("feed \(feedURL): \(error)")
            logger.error("state unavailable: \(error)", metadata: ["outcome": "failed"])
            return
        }
        if let movedTo = response.movedPermanentlyTo, movedTo != state.currentURL, movedTo != feedURL {
            logger.notice("feed moved permanently; polling the new URL from now on; update the source file",
                          metadata: ["outcome": "moved", "new_url": "\(movedTo)", "file": "\(source.file)"])
        }
        do {
            if response.isNotModified {
                _ = record(.fetched(movedTo: response.movedPermanentlyTo), state, logger: logger)
                report.feedsNotModified += 1
                report.noteFetched(freshFor: response.freshness(now: clock()))
                logger.debug("feed not modified", metadata: ["outcome": "not_modified"])
                return
            }
            feed = try FeedParser().parse(response.body, url: response.effectiveURL, charset: response.charset,
                                          contentLocation: response.contentLocation,
                                          contentLanguage: response.contentLanguage)
        } catch {
            let updated = record(.failed("\(error)", retryAfter: nil), state, logger: logger)
            report.noteRetry(notBefore: updated.nextAttemptAt)
            report.problems.append("feed \(feedURL): \(error)")
            logger.warning("feed failed: \(error)", metadata: ["outcome": "failed"])
            return
        }
        record(.fetched(movedTo: response.movedPermanentlyTo), state, logger: logger)
        report.noteFetched(freshFor: Self.freshness(of: feed, response, now: clock()))
        if !feed.warnings.isEmpty {
            logger.warning("feed is malformed; items used where possible",
                           metadata: ["outcome": "malformed", "problem": "\(feed.warnings.first ?? "")"])
        }

        report.itemsListed += feed.items.count
        let itemsByKey = Dictionary(feed.items.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        let unseen: [String]
        do {
            unseen = try desk.unseenItemKeys(source: source.id, among: feed.items.map(\.identity))
        } catch {
            report.problems.append("feed \(feedURL): \(error)")
            logger.error("state unavailable: \(error)", metadata: ["outcome": "failed"])
            return
        }
        logger.debug("feed fetched", metadata: [
            "outcome": "fetched", "items": "\(feed.items.count)", "new_items": "\(unseen.count)",
        ])
        report.itemsNew += unseen.count
        report.newItemDates += unseen.compactMap { itemsByKey[$0].flatMap { $0.published ?? $0.updated } }

        var allItemsDone = true
        for key in unseen {
            guard shouldContinue() else {
                report.interrupted = true
                return
            }
            guard let item = itemsByKey[key] else { continue }
            if !ingest(item, key: key, feedURL: response.effectiveURL, template: template, into: &report) {
                allItemsDone = false
            }
        }
        if allItemsDone {
            do {
                try desk.saveValidators(FeedValidators(etag: response.etag, lastModified: response.lastModified),
                                        for: feedURL)
            } catch {
                logger.error("could not save feed validators: \(error)", metadata: ["outcome": "failed"])
            }
        }
    }

    /// How long a fetched feed stays fresh by its own word (`<ttl>`, `sy:updatePeriod`) and its server's
    /// (`Cache-Control`, `Expires`): the longer of the two, since both say "not worth asking before".
    static func freshness(of feed: Feed, _ response: FetchResponse, now: Date) -> Duration? {
        switch (feed.updateInterval, response.freshness(now: now)) {
        case (let feedHint?, let serverHint?): max(feedHint, serverHint)
        case (let hint?, nil), (nil, let hint?): hint
        case (nil, nil): nil
        }
    }

    /// Applies an attempt's outcome to the feed's state and saves it; returns the new state.
    @discardableResult
    private func record(_ outcome: FeedAttempts.Outcome, _ state: FeedState, logger: Logger) -> FeedState {
        let updated = FeedAttempts.record(outcome, into: state, configuration: configuration, now: clock(),
                                          backoff: backoff, random: random)
        do {
            try desk.saveFeedState(updated)
        } catch {
            logger.error("could not save the feed's state: \(error)", metadata: ["outcome": "failed"])
        }
        return updated
    }

    /// Fetches, extracts and hands one item to the desk. Returns whether the item is done with.
    ///
    /// An item without a link is taken from the HTML the feed carries for it (`content:encoded`, Atom content or
    /// the summary), under the feed's URL.
    private func ingest(_ item: FeedItem, key: String, feedURL: String, template: PassSiteTemplate,
                        into report: inout SourcePassReport) -> Bool
    {
        var logger = logger
        logger[metadataKey: "url"] = "\(item.link ?? feedURL)"
        do {
            let page: (body: [UInt8], url: String, charset: String?)
            /// Where the text came from when not from the item's page, for the item's one log line.
            var taken: Logger.Metadata = [:]
            let inline = item.content ?? item.summary
            let allowed = item.link.map { !source.obeyRobots || robots.allows(request($0)) } ?? true
            if !allowed, !shouldContinue() {
                // The robots.txt verdict may come from a fetch the stop cancelled: leave the item for next start.
                return leftForNextStart(into: &report)
            }
            if let link = item.link, allowed {
                let response = try fetcher.fetch(request(link))
                page = (response.body, response.effectiveURL, response.charset)
            } else if let inline, !inline.isEmpty {
                taken["text_from"] = allowed ? "feed_content" : "feed_content_robots_disallow_page"
                page = (Array(inline.utf8), feedURL + "#" + key, "utf-8")
            } else if let link = item.link {
                return failed(key, "page \(link): the site's robots.txt disallows fetching it and the feed carries "
                    + "no content for it; if you have the site's permission, set obey_robots: false in "
                    + "\(source.file)", outcome: "skipped_robots", logger: logger, into: &report)
            } else {
                return failed(key, "item \(key) in \(feedURL): neither a link nor content", outcome: "failed",
                              logger: logger, into: &report)
            }
            let article = try extractCounting(html: page.body, url: page.url, charset: page.charset,
                                              template: template, into: &report)
            let incoming = IncomingArticle(
                sourceID: source.id, itemKey: key, url: page.url, feedTitle: item.title,
                feedPublished: item.published ?? item.updated, article: article, fetchedAt: clock()
            )
            switch try desk.accept(incoming) {
            case .newStory(let story, let file):
                report.storiesCreated += 1
                logger.info("new story", metadata: taken.merging([
                    "outcome": "new_story", "item": "\(key)", "story": "\(story)", "file": "\(file)",
                ]) { $1 })
            case .joined(let story, let revision, let file, _):
                report.copiesJoined += 1
                logger.info("copy joined story", metadata: taken.merging([
                    "outcome": "joined", "item": "\(key)", "story": "\(story)", "revision": "\(revision)",
                    "file": "\(file)",
                ]) { $1 })
            case .nothingToWrite(let reason):
                logger.notice("item recorded without a record: \(reason)",
                              metadata: taken.merging(["outcome": "no_record", "item": "\(key)"]) { $1 })
            }
            report.itemsTaken += 1
            return true
        } catch {
            if (error as? FetchError)?.kind == .stopping || !shouldContinue() {
                return leftForNextStart(into: &report)
            }
            return failed(key, "page \(item.link ?? feedURL): \(error)", outcome: "failed", logger: logger,
                          into: &report)
        }
    }

    /// An item the stopping daemon could not finish: not marked seen and not counted as a failed attempt, so the
    /// next start does it again. Returns `false` (the item is not done with).
    private func leftForNextStart(into report: inout SourcePassReport) -> Bool {
        report.interrupted = true
        return false
    }

    /// Extracts a page (``extractLearning(html:url:charset:)``) and counts the outcome in the report.
    private func extractCounting(html: [UInt8], url: String, charset: String?, template: PassSiteTemplate,
                                 into report: inout SourcePassReport) throws(ExtractionError) -> Article
    {
        do {
            let article = try extractLearning(html: html, url: url, charset: charset, template: template)
            report.articlesExtracted += 1
            if article.access == .paywalled { report.paywallsFlagged += 1 }
            return article
        } catch {
            switch error.kind {
            case .noContent, .notHTML: report.pagesWithoutArticle += 1
            case .consentWall: report.consentWalls += 1
            case .unparsable: report.extractionErrors += 1
            }
            throw error
        }
    }

    /// Reports a failed item and counts the attempt. Returns whether the item is done with (newsd gave up on it).
    private func failed(_ key: String, _ problem: String, outcome: String, logger: Logger,
                        into report: inout SourcePassReport) -> Bool
    {
        report.problems.append(problem)
        do {
            let verdict = try desk.itemFailed(source: source.id, itemKey: key, error: problem,
                                              limit: Self.maximumItemAttempts)
            if verdict.gaveUp {
                logger.warning("giving up on item after \(verdict.attempts) failed attempts: \(problem)",
                               metadata: ["outcome": "gave_up", "item": "\(key)"])
                return true
            }
            logger.warning("item failed (attempt \(verdict.attempts) of \(Self.maximumItemAttempts)): \(problem)",
                           metadata: ["outcome": "\(outcome)", "item": "\(key)"])
        } catch {
            logger.error("item failed: \(problem); its attempts could not be counted: \(error)",
                         metadata: ["outcome": "failed", "item": "\(key)"])
        }
        return false
    }
}
