/// The bookkeeping of the sockets libcurl asks the engine to watch: which Dispatch sources exist for each
/// descriptor, which are paused, which are being cancelled, and when a descriptor may finally be closed.
///
/// A pure state machine: ``FetchEngine`` feeds it libcurl's socket-callback requests, the sockets it opened, its
/// close-socket callback and Dispatch's cancel notifications, and carries out the actions it returns. Two rules:
///
/// - A descriptor is closed only after every Dispatch source on it has finished cancelling. Closing earlier lets the
///   kernel hand the same number to a new connection while Dispatch still has the old registration, and that
///   transfer can then wait for ever.
/// - Sources of sockets the engine opened (connections, closed through libcurl's close-socket callback) are paused
///   when libcurl stops wanting them and resumed when it wants them again: a kept-alive connection serves many
///   transfers, and re-creating its sources for each would cost a registration round trip every time. Sockets
///   libcurl opens and closes itself (its resolver's wake-up pair) get their sources cancelled on removal, since
///   they may be closed right after.
struct SocketWatchTable: Sendable {
    /// What libcurl wants watched on a socket (`CURL_POLL_*`).
    enum Interest: Sendable, Equatable {
        case none, read, write, readWrite, remove

        var wantsRead: Bool { self == .read || self == .readWrite }
        var wantsWrite: Bool { self == .write || self == .readWrite }
    }

    /// Which of the two sources of a descriptor.
    enum Direction: Sendable, Hashable {
        case read, write
    }

    /// What the engine must do.
    enum Action: Sendable, Equatable {
        /// Create and resume a Dispatch source for the direction on the descriptor.
        case install(Int32, Direction)
        /// Suspend that source: libcurl does not want its events for now.
        case suspend(Int32, Direction)
        /// Resume the suspended source.
        case resume(Int32, Direction)
        /// Cancel that source (resuming it first when `suspended`, or its cancel handler never runs); Dispatch
        /// reports the end of the cancellation with ``SocketWatchTable/cancelled(_:_:)``.
        case cancel(Int32, Direction, suspended: Bool)
        /// Close the descriptor: no source refers to it any more.
        case close(Int32)
    }

    private enum SourceState: Sendable, Equatable {
        case absent, active, suspended
    }

    private struct Entry: Sendable {
        var read = SourceState.absent
        var write = SourceState.absent
        /// The engine opened the socket, and libcurl closes it through the engine.
        var owned = false
        /// Sources cancelled whose cancel handler has not run yet.
        var cancelling = 0
        /// libcurl has closed its side: close the descriptor once the last cancellation is done.
        var closeRequested = false

        var isIdle: Bool { read == .absent && write == .absent && cancelling == 0 && !closeRequested && !owned }

        subscript(direction: Direction) -> SourceState {
            get { direction == .read ? read : write }
            set {
                if direction == .read { read = newValue } else { write = newValue }
            }
        }
    }

    private var entries: [Int32: Entry] = [:]

    /// Creates an empty table.
    init() {}

    /// Descriptors with a source, an open owned socket, or a close waiting for cancellations.
    var trackedDescriptors: Int { entries.count }

    /// Whether an active (installed, not suspended or cancelling) source for `direction` exists on `descriptor`.
    func isWatching(_ descriptor: Int32, _ direction: Direction) -> Bool {
        entries[descriptor]?[direction] == .active
    }

    /// The engine opened `descriptor` for a connection; libcurl will close it through the close-socket callback.
    mutating func opened(_ descriptor: Int32) {
        var entry = entries[descriptor] ?? Entry()
        entry.owned = true
        entries[descriptor] = entry
    }

    /// libcurl's socket callback: from now on watch `descriptor` for `interest`.
    mutating func watch(_ descriptor: Int32, _ interest: Interest) -> [Action] {
        var entry = entries[descriptor] ?? Entry()
        var actions: [Action] = []
        for (direction, wanted) in [(Direction.read, interest.wantsRead), (.write, interest.wantsWrite)] {
            switch (entry[direction], wanted) {
            case (.absent, true):
                entry[direction] = .active
                actions.append(.install(descriptor, direction))
            case (.suspended, true):
                entry[direction] = .active
                actions.append(.resume(descriptor, direction))
            case (.active, false) where entry.owned:
                entry[direction] = .suspended
                actions.append(.suspend(descriptor, direction))
            case (.active, false) where !entry.owned, (.suspended, false) where !entry.owned:
                actions.append(.cancel(descriptor, direction, suspended: entry[direction] == .suspended))
                entry[direction] = .absent
                entry.cancelling += 1
            default:
                break
            }
        }
        store(entry, for: descriptor)
        return actions
    }

    /// libcurl's close-socket callback: the descriptor is done with; cancel what still watches it and close it
    /// once Dispatch has let go.
    mutating func closeRequested(_ descriptor: Int32) -> [Action] {
        var entry = entries[descriptor] ?? Entry()
        entry.owned = false
        entries[descriptor] = entry
        var actions = watch(descriptor, .remove)
        entry = entries[descriptor] ?? Entry()
        if entry.cancelling == 0 {
            actions.append(.close(descriptor))
            entries[descriptor] = nil
        } else {
            entry.closeRequested = true
            entries[descriptor] = entry
        }
        return actions
    }

    /// A source's cancel handler ran.
    mutating func cancelled(_ descriptor: Int32, _ direction: Direction) -> [Action] {
        guard var entry = entries[descriptor], entry.cancelling > 0 else { return [] }
        entry.cancelling -= 1
        if entry.cancelling == 0, entry.closeRequested {
            entries[descriptor] = nil
            return [.close(descriptor)]
        }
        store(entry, for: descriptor)
        return []
    }

    private mutating func store(_ entry: Entry, for descriptor: Int32) {
        entries[descriptor] = entry.isIdle ? nil : entry
    }
}
