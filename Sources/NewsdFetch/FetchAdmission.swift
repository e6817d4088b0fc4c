/// Decides when a submitted fetch may start: under the global and per-host concurrency limits, no sooner than the
/// host's minimum delay after the previous start there, and never while the same URL is already being fetched.
///
/// A pure state machine with the time passed in: ``FetchEngine`` reports submissions and completions and carries
/// out the actions; tests drive it with made-up instants. A request identical to one already queued or running
/// (same ``key``) joins it and shares its result; a different request for a URL in flight (say, other validators)
/// waits until that fetch ends. Waiting requests start in submission order, except that one held back by its host
/// never blocks another host's.
struct FetchAdmission<Key: Hashable & Sendable>: Sendable {
    /// One submitted fetch, as the admission sees it.
    struct Ticket: Sendable, Equatable {
        /// The engine's id of the fetch.
        var id: Int
        /// The URL; two tickets for the same URL are never started at the same time.
        var url: String
        /// What makes two requests interchangeable (the whole request, in the engine): equal keys share one
        /// transfer.
        var key: Key
        /// The host (with port) that the per-host limits count; empty for `file:` URLs, which have no limits.
        var host: String
        /// The minimum time between two starts at this host, from the request's source.
        var hostDelay: Duration
    }

    /// What the engine must do.
    enum Action: Sendable, Equatable {
        /// Start the transfer of the ticket with this id.
        case start(Int)
        /// Deliver the result of `primary` to `joiner` too; the joiner starts nothing of its own.
        case join(Int, primary: Int)
        /// Call ``FetchAdmission/tick(now:)`` again at this instant: a waiting ticket's host delay ends then.
        case wakeUp(at: ContinuousClock.Instant)
    }

    /// The most transfers running at once.
    let maximumTransfers: Int
    /// The most transfers running at once against one host.
    let maximumPerHost: Int

    private var waiting: [Ticket] = []
    private var running: [Int: Ticket] = [:]
    private var runningURLs: Set<String> = []
    private var runningPerHost: [String: Int] = [:]
    private var lastStart: [String: ContinuousClock.Instant] = [:]
    private var keyOwners: [Key: Int] = [:]

    /// Creates the admission; both limits are at least one.
    init(maximumTransfers: Int, maximumPerHost: Int) {
        self.maximumTransfers = max(1, maximumTransfers)
        self.maximumPerHost = max(1, maximumPerHost)
    }

    /// Transfers running now.
    var runningCount: Int { running.count }
    /// Tickets waiting for a limit, a host delay or their URL.
    var waitingCount: Int { waiting.count }

    /// A fetch was submitted.
    mutating func submit(_ ticket: Ticket, now: ContinuousClock.Instant) -> [Action] {
        if let primary = keyOwners[ticket.key] {
            return [.join(ticket.id, primary: primary)]
        }
        keyOwners[ticket.key] = ticket.id
        waiting.append(ticket)
        return admit(now: now)
    }

    /// A started transfer ended (whatever its outcome); its joiners have their result.
    mutating func finished(_ id: Int, now: ContinuousClock.Instant) -> [Action] {
        guard let ticket = running.removeValue(forKey: id) else { return [] }
        runningURLs.remove(ticket.url)
        if keyOwners[ticket.key] == id {
            keyOwners[ticket.key] = nil
        }
        if !ticket.host.isEmpty {
            runningPerHost[ticket.host, default: 1] -= 1
            if runningPerHost[ticket.host] == 0 { runningPerHost[ticket.host] = nil }
        }
        return admit(now: now)
    }

    /// Forgets every running and waiting ticket (the engine cancels them all) and returns their ids, running ones
    /// first. Host start times are kept, so politeness delays still hold for fetches submitted afterwards.
    mutating func cancelAll() -> [Int] {
        let ids = running.keys.sorted() + waiting.map(\.id)
        running.removeAll()
        waiting.removeAll()
        runningURLs.removeAll()
        runningPerHost.removeAll()
        keyOwners.removeAll()
        return ids
    }

    /// The instant asked for in a `.wakeUp` came (or any later one).
    mutating func tick(now: ContinuousClock.Instant) -> [Action] {
        admit(now: now)
    }

    /// Starts every waiting ticket the limits allow, in order; asks for a wake-up at the earliest host-delay end
    /// among those only the delay holds back.
    private mutating func admit(now: ContinuousClock.Instant) -> [Action] {
        var actions: [Action] = []
        var earliest: ContinuousClock.Instant?
        var index = 0
        while index < waiting.count, running.count < maximumTransfers {
            let ticket = waiting[index]
            guard !runningURLs.contains(ticket.url) else {
                index += 1
                continue
            }
            if !ticket.host.isEmpty {
                if runningPerHost[ticket.host, default: 0] >= maximumPerHost {
                    index += 1
                    continue
                }
                if let last = lastStart[ticket.host], last + ticket.hostDelay > now {
                    earliest = min(earliest ?? last + ticket.hostDelay, last + ticket.hostDelay)
                    index += 1
                    continue
                }
            }
            waiting.remove(at: index)
            running[ticket.id] = ticket
            runningURLs.insert(ticket.url)
            if !ticket.host.isEmpty {
                runningPerHost[ticket.host, default: 0] += 1
                lastStart[ticket.host] = now
            }
            actions.append(.start(ticket.id))
        }
        if let earliest {
            actions.append(.wakeUp(at: earliest))
        }
        forgetOldStarts(now: now)
        return actions
    }

    /// Drops start times older than any delay could still matter for, so the table does not grow with every host
    /// ever fetched. A day is longer than any configurable host delay.
    private mutating func forgetOldStarts(now: ContinuousClock.Instant) {
        guard lastStart.count > 4096 else { return }
        lastStart = lastStart.filter { now - $0.value < .seconds(86_400) }
    }
}
