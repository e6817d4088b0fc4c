public import NewsdConfig

/// What a reloaded configuration changes for a running daemon: sources added, removed and changed, and the settings
/// that only a restart applies.
///
/// Computed from the old and new configuration alone, so the reload rules are tested without a daemon. Sources are
/// compared as the daemon polls them: a source switched off with `enabled: false` counts as removed, one switched
/// on as added.
public struct ConfigurationChange: Sendable, Equatable {
    /// Enabled source ids new in this configuration, sorted.
    public var added: [String]
    /// Source ids no longer enabled, sorted.
    public var removed: [String]
    /// Enabled source ids whose settings differ, sorted; their next pass uses the new settings.
    public var changed: [String]
    /// Settings (as config keys) whose new values a running daemon cannot apply; they take effect on restart.
    public var needsRestart: [String]

    public init(from old: NewsdConfiguration, to new: NewsdConfiguration) {
        let before = Dictionary(old.enabledSources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.enabledSources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        added = after.keys.filter { before[$0] == nil }.sorted()
        removed = before.keys.filter { after[$0] == nil }.sorted()
        changed = after.compactMap { id, source in before[id].map { $0 == source ? nil : id } ?? nil }.sorted()

        var restart: [String] = []
        if old.spoolDirectory != new.spoolDirectory { restart.append("spool") }
        if old.stateDirectory != new.stateDirectory { restart.append("state") }
        if old.concurrency != new.concurrency { restart.append("concurrency") }
        if old.fetchConcurrency.maximumTransfers != new.fetchConcurrency.maximumTransfers {
            restart.append("fetch.max_transfers")
        }
        if old.fetchConcurrency.maximumPerHost != new.fetchConcurrency.maximumPerHost {
            restart.append("fetch.max_transfers_per_host")
        }
        if old.dedupeWindow != new.dedupeWindow { restart.append("dedupe_window") }
        if old.metrics != new.metrics { restart.append("metrics") }
        needsRestart = restart
    }

    /// Whether no source was added, removed or changed and no restart-only setting changed. Global settings that
    /// apply on the next pass without touching a source (`user_agent`, `backoff`, `drain_timeout`) are not
    /// counted.
    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && changed.isEmpty && needsRestart.isEmpty
    }

    /// One line for the log: `added a, b; removed c; changed d`, or `no source changes`.
    public var summary: String {
        var parts: [String] = []
        if !added.isEmpty { parts.append("added \(added.joined(separator: ", "))") }
        if !removed.isEmpty { parts.append("removed \(removed.joined(separator: ", "))") }
        if !changed.isEmpty { parts.append("changed \(changed.joined(separator: ", "))") }
        return parts.isEmpty ? "no source changes" : parts.joined(separator: "; ")
    }
}
