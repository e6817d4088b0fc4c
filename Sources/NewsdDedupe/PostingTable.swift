/// The index's hash table from sampled shingle hash to the head of its posting list, with the number of distinct
/// stories the list holds.
///
/// Open addressing with linear probing over three flat arrays. The keys are already uniformly mixed 64-bit hashes,
/// so they index the table directly, without Swift's per-process seeded `Hasher` — half the index's time went to
/// rehashing them in a `Dictionary`.
struct PostingTable: Sendable {
    struct Entry {
        /// The newest posting of the hash (postings link to older ones).
        var first: UInt32
        /// Distinct stories among the postings; `0` marks an empty slot.
        var stories: UInt32
    }

    private var keys: [UInt64]
    private var entries: [Entry]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        entries = Array(repeating: Entry(first: .max, stories: 0), count: size)
        mask = size - 1
    }

    /// The entry for `key`, if the table has one.
    func entry(_ key: UInt64) -> Entry? {
        var slot = Int(truncatingIfNeeded: key >> 20) & mask
        while entries[slot].stories != 0 {
            if keys[slot] == key { return entries[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Stores `entry` for `key` (whose `stories` must be at least 1), adding the key if it is new.
    mutating func set(_ key: UInt64, _ entry: Entry) {
        precondition(entry.stories > 0, "a stored posting entry counts at least one story")
        var slot = Int(truncatingIfNeeded: key >> 20) & mask
        while entries[slot].stories != 0 {
            if keys[slot] == key {
                entries[slot] = entry
                return
            }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        entries[slot] = entry
        count += 1
        if count * 10 > keys.count * 7 { grow() }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldEntries = entries
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        entries = Array(repeating: Entry(first: .max, stories: 0), count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for slot in oldKeys.indices where oldEntries[slot].stories != 0 {
            set(oldKeys[slot], oldEntries[slot])
        }
    }
}
