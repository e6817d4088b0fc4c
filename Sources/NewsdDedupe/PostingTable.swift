/// The index's hash table from sampled shingle key to the head of its posting list, with the number of distinct
/// stories the list holds.
///
/// Open addressing with linear probing over one flat array of 12-byte slots, so a probe touches one cache line.
/// The keys are already uniform (halves of mixed 64-bit hashes), so they pick their slot directly
/// (multiply-shift onto the table size), without Swift's per-process seeded `Hasher`; the table grows by half
/// when it is 70 % full, not by doubling, to keep a large index's peak memory down.
struct PostingTable: Sendable {
    struct Slot {
        var key: UInt32
        /// The newest posting of the key (postings link to older ones).
        var first: UInt32
        /// Distinct stories among the postings; `0` marks an empty slot.
        var stories: UInt32
    }

    private var slots: [Slot]
    private(set) var count = 0

    /// A table for about `capacity` keys without growing.
    init(capacity: Int = 1 << 12) {
        slots = Array(repeating: Slot(key: 0, first: .max, stories: 0), count: max(16, capacity * 10 / 7 + 1))
    }

    /// The slot holding `key`, if the table has it.
    func entry(_ key: UInt32) -> Slot? {
        var index = home(key)
        while slots[index].stories != 0 {
            if slots[index].key == key { return slots[index] }
            index = index + 1 == slots.count ? 0 : index + 1
        }
        return nil
    }

    /// Stores `slot` (whose `stories` must be at least 1) under its key, adding the key if it is new.
    mutating func set(_ slot: Slot) {
        precondition(slot.stories > 0, "a stored posting slot counts at least one story")
        var index = home(slot.key)
        while slots[index].stories != 0 {
            if slots[index].key == slot.key {
                slots[index] = slot
                return
            }
            index = index + 1 == slots.count ? 0 : index + 1
        }
        slots[index] = slot
        count += 1
        if count * 10 > slots.count * 7 { grow() }
    }

    @inline(__always)
    private func home(_ key: UInt32) -> Int {
        Int((UInt64(key) &* UInt64(slots.count)) >> 32)
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, first: .max, stories: 0), count: old.count + old.count / 2)
        count = 0
        for slot in old where slot.stories != 0 {
            set(slot)
        }
    }
}
