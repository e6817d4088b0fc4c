/// The index's hash table from sampled shingle key to the head of its posting list, with the number of distinct
/// stories the list holds.
///
/// Open addressing with linear probing over one flat array of 8-byte slots (key and newest posting), so a probe
/// touches one cache line; the story counts, read only on a hit, sit in a parallel byte array. An occupied slot
/// always has a posting, so an empty slot is one whose posting is `none`. The keys are already uniform (halves of
/// mixed 64-bit hashes), so they pick their slot directly (multiply-shift onto the table size), without Swift's
/// per-process seeded `Hasher`; the table grows by half when it is 70 % full, not by doubling, to keep a large
/// index's peak memory down.
struct PostingTable: Sendable {
    struct Slot: BitwiseCopyable, Sendable {
        var key: UInt32
        /// The newest posting of the key (postings link to older ones); `none` marks an empty slot.
        var first: UInt32
    }

    /// An entry as callers see it: the slot and its story count.
    struct Entry {
        var key: UInt32
        var first: UInt32
        /// Distinct stories among the postings, saturating at 255 (the boilerplate limit is far below).
        var stories: UInt32
    }

    static let none = UInt32.max

    private(set) var slots: [Slot]
    private(set) var stories: [UInt8]
    private(set) var count = 0

    /// A table for about `capacity` keys without growing.
    init(capacity: Int = 1 << 12) {
        let size = max(16, capacity * 10 / 7 + 1)
        slots = Array(repeating: Slot(key: 0, first: Self.none), count: size)
        stories = Array(repeating: 0, count: size)
    }

    /// A table from stored slots and counts (a snapshot); `nil` when they do not describe a table.
    init?(slots: [Slot], stories: [UInt8]) {
        guard slots.count >= 16, slots.count == stories.count else { return nil }
        self.slots = slots
        self.stories = stories
        count = slots.reduce(0) { $0 + ($1.first == Self.none ? 0 : 1) }
        guard count * 10 <= slots.count * 7 else { return nil }
    }

    /// The entry holding `key`, if the table has it.
    @inline(__always)
    func entry(_ key: UInt32) -> Entry? {
        var index = home(key)
        while slots[index].first != Self.none {
            if slots[index].key == key {
                return Entry(key: key, first: slots[index].first, stories: UInt32(stories[index]))
            }
            index = index + 1 == slots.count ? 0 : index + 1
        }
        return nil
    }

    /// Stores `entry` (whose `first` must be a posting) under its key, adding the key if it is new.
    mutating func set(_ entry: Entry) {
        precondition(entry.first != Self.none, "a stored posting slot has a posting")
        var index = home(entry.key)
        while slots[index].first != Self.none, slots[index].key != entry.key {
            index = index + 1 == slots.count ? 0 : index + 1
        }
        if slots[index].first == Self.none { count += 1 }
        slots[index] = Slot(key: entry.key, first: entry.first)
        stories[index] = UInt8(min(entry.stories, 255))
        if count * 10 > slots.count * 7 { grow() }
    }

    @inline(__always)
    private func home(_ key: UInt32) -> Int {
        Int((UInt64(key) &* UInt64(slots.count)) >> 32)
    }

    private mutating func grow() {
        let oldSlots = slots
        let oldStories = stories
        let size = oldSlots.count + oldSlots.count / 2
        slots = Array(repeating: Slot(key: 0, first: Self.none), count: size)
        stories = Array(repeating: 0, count: size)
        count = 0
        for index in oldSlots.indices where oldSlots[index].first != Self.none {
            set(Entry(key: oldSlots[index].key, first: oldSlots[index].first, stories: UInt32(oldStories[index])))
        }
    }
}
