public import Foundation

/// robots.txt files by site, fetched through the engine on first need and kept for a while, so article pages are
/// fetched only where the site allows it.
///
/// A file that loads (2xx) is obeyed for ``freshFor``. A missing one (4xx) allows everything for as long. A server
/// error (5xx, 429) or a site that cannot be reached disallows everything for ``failedFor``, then newsd asks again,
/// as Google does: a site in trouble is not crawled. Feeds are not subject to robots.txt (they are published to be
/// polled). Safe to use from any thread: threads that need the same site's file at once wait for one fetch of it.
public final class RobotsCache: @unchecked Sendable {
    /// How long a fetched (or missing) robots.txt is trusted.
    public let freshFor: Duration
    /// How long a failed fetch disallows the site before newsd asks again.
    public let failedFor: Duration

    private let fetcher: Fetcher
    private let clock: @Sendable () -> Date
    private let lock = NSLock()
    private var entries: [String: (rules: RobotsRules, until: Date)] = [:]
    /// Sites whose robots.txt is being fetched, with the verdict their other askers wait for.
    private var fetching: [String: PendingRules] = [:]

    /// The most sites remembered; expired entries are dropped when it is reached.
    static let capacity = 10_000

    /// Called, off the lock, each time a thread starts waiting for another thread's fetch of a robots.txt (tests).
    private let startedWaiting: (@Sendable () -> Void)?

    /// Creates a cache fetching through `fetcher`.
    public convenience init(fetcher: Fetcher, freshFor: Duration = .seconds(86_400),
                            failedFor: Duration = .seconds(3600), clock: @escaping @Sendable () -> Date = Date.init)
    {
        self.init(fetcher: fetcher, freshFor: freshFor, failedFor: failedFor, clock: clock, startedWaiting: nil)
    }

    init(fetcher: Fetcher, freshFor: Duration = .seconds(86_400), failedFor: Duration = .seconds(3600),
         clock: @escaping @Sendable () -> Date = Date.init, startedWaiting: (@Sendable () -> Void)?)
    {
        self.fetcher = fetcher
        self.freshFor = freshFor
        self.failedFor = failedFor
        self.clock = clock
        self.startedWaiting = startedWaiting
    }

    /// Whether `request.url` may be fetched under its site's robots.txt, fetched (blocking) with the request's
    /// permissions, limits and identity when not cached. `file:` URLs are always allowed.
    public func allows(_ request: FetchRequest) -> Bool {
        guard let site = Self.site(of: request.url) else { return true }
        let rules = rules(for: site, like: request)
        return rules.allows(path: Self.pathAndQuery(of: request.url, site: site),
                            agent: RobotsRules.productToken(of: request.userAgent))
    }

    private func rules(for site: String, like request: FetchRequest) -> RobotsRules {
        let now = clock()
        enum Step {
            case cached(RobotsRules)
            case wait(PendingRules)
            case fetch(PendingRules)
        }
        let step = lock.withLock { () -> Step in
            if let cached = entries[site], cached.until > now { return .cached(cached.rules) }
            if let pending = fetching[site] { return .wait(pending) }
            let pending = PendingRules()
            fetching[site] = pending
            return .fetch(pending)
        }
        switch step {
        case .cached(let rules):
            return rules
        case .wait(let pending):
            startedWaiting?()
            return pending.wait()
        case .fetch(let pending):
            let rules = fetch(site, like: request, now: now)
            pending.fulfil(rules)
            return rules
        }
    }

    /// Fetches the site's robots.txt (blocking), caches the verdict and ends the site's pending fetch.
    private func fetch(_ site: String, like request: FetchRequest, now: Date) -> RobotsRules {
        var robotsRequest = FetchRequest(url: site + "/robots.txt", userAgent: request.userAgent,
                                         allowPrivateNetworks: request.allowPrivateNetworks,
                                         settings: request.settings, extraHeaders: request.extraHeaders,
                                         cookies: request.cookies)
        robotsRequest.settings.maxBodyBytes = max(robotsRequest.settings.maxBodyBytes, RobotsRules.maximumBytes)
        let (rules, lifetime) = Self.verdict(Result { () throws(FetchError) in try fetcher.fetch(robotsRequest) })
        let until = now.addingTimeInterval(lifetime == .fresh ? freshFor / .seconds(1) : failedFor / .seconds(1))
        lock.withLock {
            if entries.count >= Self.capacity {
                entries = entries.filter { $0.value.until > now }
            }
            entries[site] = (rules, until)
            fetching[site] = nil
        }
        return rules
    }

    /// How long a verdict holds.
    enum Lifetime: Equatable {
        case fresh, failed
    }

    /// The rules a robots.txt fetch stands for: 2xx parsed, 4xx (but 429) allow all, anything else disallows all.
    static func verdict(_ result: Result<FetchResponse, FetchError>) -> (RobotsRules, Lifetime) {
        switch result {
        case .success(let response):
            return (RobotsRules(parsing: response.body), .fresh)
        case .failure(let error):
            if case .httpStatus(let status, _) = error.kind, (400..<500).contains(status), status != 429 {
                return (.allowAll, .fresh)
            }
            return (.disallowAll, .failed)
        }
    }

    /// `scheme://authority` of an http(s) URL, lower-cased; `nil` for other URLs.
    static func site(of url: String) -> String? {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let start = url.index(colon, offsetBy: 3)
        let authority = url[start...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else { return nil }
        return scheme + "://" + authority.lowercased()
    }

    /// The path and query of `url` (without fragment), `/` when empty.
    static func pathAndQuery(of url: String, site: String) -> String {
        let rest = url.dropFirst(site.count).prefix { $0 != "#" }
        if rest.isEmpty { return "/" }
        return rest.hasPrefix("/") ? String(rest) : "/" + rest
    }
}

/// The verdict of one robots.txt fetch, for the threads that asked for the same site meanwhile.
private final class PendingRules: @unchecked Sendable {
    private let condition = NSCondition()
    private var rules: RobotsRules?

    func fulfil(_ rules: RobotsRules) {
        condition.lock()
        self.rules = rules
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> RobotsRules {
        condition.lock()
        defer { condition.unlock() }
        while rules == nil {
            condition.wait()
        }
        return rules ?? .disallowAll
    }
}
