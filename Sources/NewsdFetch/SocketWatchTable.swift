/// The bookkeeping of the sockets libcurl asks the engine to watch: which Dispatch sources exist for each
/// descriptor, which are being cancelled, and when a descriptor may finally be closed.
///
/// A pure state machine: ``FetchEngine`` feeds it libcurl's socket-callback requests, its close-socket callback and
/// Dispatch's cancel notifications, and carries out the actions it returns. The rule it exists for: a descriptor is
/// closed only after every Dispatch source on it has finished cancelling. Closing earlier lets the kernel hand the
/// same number to a new connection while Dispatch still has the old registration, and that transfer can then wait
/// for ever.
struct SocketWatchTable: Sendable {
    /// What libcurl wants watched on a socket (`CURL_POLL_*`).
    enum Interest: Sendable, Equatable {
        case none, read, write, readWrite, remove

        var wantsRead: Bool { self == .read || self == .readWrite }
        var wantsWrite: Bool { self == .write || self == .readWrite }
    }

    /// Which of the two sources of a descriptor.
    enum Direction: Sendable, Equatable {
        case read, write
    }

    /// What the engine must do.
    enum Action: Sendable, Equatable {
        /// Create and resume a Dispatch source for the direction on the descriptor.
        case install(Int32, Direction)
        /// Cancel that source; Dispatch reports the end of the cancellation with ``SocketWatchTable/cancelled(_:_:)``.
        case cancel(Int32, Direction)
        /// Close the descriptor: no source refers to it any more.
        case close(Int32)
    }

    private struct Entry: Sendable {
        var reading = false
        var writing = false
        /// Sources cancelled whose cancel handler has not run yet.
        var cancelling = 0
        /// libcurl has closed its side: close the descriptor once the last cancellation is done.
        var closeRequested = false

        var isIdle: Bool { !reading && !writing && cancelling == 0 && !closeRequested }
    }

    private var entries: [Int32: Entry] = [:]

    /// Creates an empty table.
    init() {}

    /// Descriptors with an installed or cancelling source, or awaiting their close.
    var trackedDescriptors: Int { entries.count }

    /// Whether a source for `direction` is installed (not cancelling) on `descriptor`.
    func isWatching(_ descriptor: Int32, _ direction: Direction) -> Bool {
        guard let entry = entries[descriptor] else { return false }
        return direction == .read ? entry.reading : entry.writing
    }

    /// libcurl's socket callback: from now on watch `descriptor` for `interest`.
    mutating func watch(_ descriptor: Int32, _ interest: Interest) -> [Action] {
        var entry = entries[descriptor] ?? Entry()
        var actions: [Action] = []
        if interest.wantsRead != entry.reading {
            entry.reading.toggle()
            if entry.reading {
                actions.append(.install(descriptor, .read))
            } else {
                entry.cancelling += 1
                actions.append(.cancel(descriptor, .read))
            }
        }
        if interest.wantsWrite != entry.writing {
            entry.writing.toggle()
            if entry.writing {
                actions.append(.install(descriptor, .write))
            } else {
                entry.cancelling += 1
                actions.append(.cancel(descriptor, .write))
            }
        }
        store(entry, for: descriptor)
        return actions
    }

    /// libcurl's close-socket callback: the descriptor is done with; cancel what still watches it and close it
    /// once Dispatch has let go.
    mutating func closeRequested(_ descriptor: Int32) -> [Action] {
        var actions = watch(descriptor, .remove)
        var entry = entries[descriptor] ?? Entry()
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
