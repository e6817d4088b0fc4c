/// An inverted index from sampled shingle to the documents that contain it, with the stories those documents
/// belong to.
///
/// Every document (every copy) keeps its own sketch, so an incoming article is verified against each copy of a
/// story, not against a blurred union; stories are sets of documents joined by a union-find, so folding one story
/// into another (a bridging copy) is one assignment. Memory is flat arrays: the sketches share one arena and the
/// postings are singly linked through two arrays, with one dictionary entry per distinct sampled shingle.
///
/// Half of each document's samples (the even keys) are posted: enough to find every story that shares more than a
/// sentence, at half the memory; the verification then compares all samples of the two documents. A key that
/// occurs in more than ``DedupePolicy/boilerplateStories`` distinct stories is boilerplate: it is no longer
/// extended and is ignored when matching.
public struct StoryIndex: Sendable {
    public let policy: DedupePolicy

    static let none = PostingTable.none
    /// Buckets of the bulk rebuild's counting sort (keys by their top 12 bits): few enough that scattering into
    /// them stays cache-friendly, many enough that each bucket sorts quickly.
    private static let bucketShift: UInt32 = 20
    private static var buckets: Int { 1 << (32 - Int(bucketShift)) }
    /// Posted keys a document must share with the query to be verified: two, so that one common phrase does not
    /// make every document containing it a candidate.
    private static let minimumPostedHits = 2

    // The stored state (internal for the snapshot, ``StoryIndex/writeSnapshot(to:covering:)``).
    // Documents.
    var documentStory: [UInt32] = []
    var documentOffset: [UInt32] = []
    var documentSamples: [UInt32] = []
    var documentTime: [Double] = []
    var arena = ChunkedBuffer<UInt32>()
    // Stories.
    var storyParent: [UInt32] = []
    var storyKeys: [String] = []
    var storySlots: [String: UInt32] = [:]
    // Postings.
    var heads = PostingTable()
    var postingDocument = ChunkedBuffer<UInt32>()
    var postingNext = ChunkedBuffer<UInt32>()
    /// Documents older than this (seconds since 1970) are ignored.
    var horizon: Double = -.infinity

    /// Creates an empty index; `expectedDocuments` presizes it (as when reloading a stored index) so it does not
    /// grow, and over-allocate, on the way.
    public init(policy: DedupePolicy = DedupePolicy(), expectedDocuments: Int = 0) {
        self.init(policy: policy, expectedDocuments: expectedDocuments, postingTable: true)
    }

    /// `postingTable: false` leaves the posting table minimal, for a caller that sizes it itself.
    private init(policy: DedupePolicy, expectedDocuments: Int, postingTable: Bool) {
        self.policy = policy
        heads = PostingTable(capacity: postingTable ? max(1 << 12, expectedDocuments * 24) : 16)
        documentStory.reserveCapacity(expectedDocuments)
        documentOffset.reserveCapacity(expectedDocuments)
        documentSamples.reserveCapacity(expectedDocuments)
        documentTime.reserveCapacity(expectedDocuments)
    }

    /// Whether a sample key is posted (half are; see the type's documentation).
    @inline(__always)
    static func isPosted(_ key: UInt32) -> Bool { key & 1 == 0 }

    /// Documents in the index, expired ones included until the index is rebuilt.
    public var documentCount: Int { documentStory.count }

    /// Documents indexed before `time` (seconds since 1970): expired ones the index still holds.
    public func documentCount(before time: Double) -> Int {
        documentTime.reduce(0) { $0 + ($1 < time ? 1 : 0) }
    }

    /// Stories that still stand on their own (not folded into another).
    public var storyCount: Int { storyParent.indices.filter { storyParent[$0] == UInt32($0) }.count }

    /// Adds a document to a story (a new story, or a copy joining one). `time` is seconds since 1970, for expiry.
    public mutating func insert(_ sketch: DocumentSketch, storyID: String, time: Double) {
        let (document, story) = appendDocument(sketch, storyID: storyID, time: time)
        for key in sketch.samples where Self.isPosted(key) {
            var head = heads.entry(key) ?? PostingTable.Entry(key: key, first: Self.none, stories: 0)
            if head.stories > UInt32(policy.boilerplateStories) { continue }
            if !chain(from: head.first, contains: story) { head.stories += 1 }
            postingDocument.append(document)
            postingNext.append(head.first)
            head.first = UInt32(postingDocument.count - 1)
            heads.set(head)
        }
    }

    /// Rebuilds an index from stored documents in their commit order, as ``insert(_:storyID:time:)`` one by one
    /// would, but in bulk: `documents` hands each document to the closure it is given. The posted keys are then
    /// bucketed by their top 12 bits (a counting sort), each bucket is sorted, and the posting table is filled in
    /// key order, which walks its slots in order instead of jumping across hundreds of megabytes once per key
    /// (about twice as fast as inserting the documents one by one). The buckets are sorted first, counting the
    /// distinct keys, so the table is allocated once at its final size; the sort's buffer is then released chunk
    /// by chunk as the postings are built, so the peak stays near the finished index's size.
    public static func rebuilt<Failure: Error>(
        policy: DedupePolicy = DedupePolicy(), expectedDocuments: Int,
        documents: ((DocumentSketch, String, Double) -> Void) throws(Failure) -> Void
    ) throws(Failure) -> StoryIndex {
        var index = StoryIndex(policy: policy, expectedDocuments: expectedDocuments, postingTable: false)
        var bucketCounts = [Int](repeating: 0, count: Self.buckets)
        try documents { sketch, storyID, time in
            index.appendDocument(sketch, storyID: storyID, time: time)
            for key in sketch.samples where isPosted(key) {
                bucketCounts[Int(key >> Self.bucketShift)] += 1
            }
        }
        var bucketStarts = [Int](repeating: 0, count: (Self.buckets) + 1)
        for bucket in 0..<(Self.buckets) {
            bucketStarts[bucket + 1] = bucketStarts[bucket] + bucketCounts[bucket]
        }
        // Each pair carries its document's story, read here in document order, so that counting the distinct
        // stories of a key does not jump across the document table once per posting.
        var pairs = ChunkedBuffer<UInt64>(count: bucketStarts[Self.buckets], repeating: 0)
        var pairStories = ChunkedBuffer<UInt32>(count: bucketStarts[Self.buckets], repeating: 0)
        var next = Array(bucketStarts.dropLast())
        for document in 0..<index.documentStory.count {
            let story = index.documentStory[document]
            let offset = Int(index.documentOffset[document])
            for position in offset..<(offset + Int(index.documentSamples[document])) {
                let key = index.arena[position]
                guard isPosted(key) else { continue }
                let bucket = Int(key >> Self.bucketShift)
                pairs[next[bucket]] = UInt64(key) << 32 | UInt64(document)
                pairStories[next[bucket]] = story
                next[bucket] += 1
            }
        }
        // Sort each bucket in place and count the distinct keys, so the posting table is allocated once at its
        // final size: growing it at the end would hold the old and the new table at once, the rebuild's peak.
        var sorted: [(pair: UInt64, story: UInt32)] = []
        var distinctKeys = 0
        for bucket in 0..<(Self.buckets) where bucketCounts[bucket] > 0 {
            sorted.removeAll(keepingCapacity: true)
            for position in bucketStarts[bucket]..<bucketStarts[bucket + 1] {
                sorted.append((pairs[position], pairStories[position]))
            }
            sorted.sort { $0.pair < $1.pair }
            var previousKey: UInt64?
            for (offset, entry) in sorted.enumerated() {
                pairs[bucketStarts[bucket] + offset] = entry.pair
                pairStories[bucketStarts[bucket] + offset] = entry.story
                if entry.pair >> 32 != previousKey {
                    distinctKeys += 1
                    previousKey = entry.pair >> 32
                }
            }
        }
        sorted = []
        index.heads = PostingTable(capacity: distinctKeys)
        var bucketPairs: [(pair: UInt64, story: UInt32)] = []
        for bucket in 0..<(Self.buckets) where bucketCounts[bucket] > 0 {
            bucketPairs.removeAll(keepingCapacity: true)
            for position in bucketStarts[bucket]..<bucketStarts[bucket + 1] {
                bucketPairs.append((pairs[position], pairStories[position]))
            }
            index.postAll(sortedPairs: bucketPairs)
            pairs.release(below: bucketStarts[bucket + 1])
            pairStories.release(below: bucketStarts[bucket + 1])
        }
        return index
    }

    /// Builds postings from (key, document) pairs, each with the document's story, sorted by key, documents
    /// ascending within a key.
    private mutating func postAll(sortedPairs pairs: [(pair: UInt64, story: UInt32)]) {
        let limit = UInt32(policy.boilerplateStories)
        var storiesSeen: [UInt32] = []
        var start = 0
        while start < pairs.count {
            let key = UInt32(truncatingIfNeeded: pairs[start].pair >> 32)
            var slot = PostingTable.Entry(key: key, first: Self.none, stories: 0)
            storiesSeen.removeAll(keepingCapacity: true)
            var end = start
            while end < pairs.count, UInt32(truncatingIfNeeded: pairs[end].pair >> 32) == key {
                let document = UInt32(truncatingIfNeeded: pairs[end].pair)
                let story = pairs[end].story
                end += 1
                if slot.stories > limit { continue }
                if !storiesSeen.contains(story) {
                    storiesSeen.append(story)
                    slot.stories += 1
                }
                postingDocument.append(document)
                postingNext.append(slot.first)
                slot.first = UInt32(postingDocument.count - 1)
            }
            heads.set(slot)
            start = end
        }
    }

    /// Stores a document's sketch and story; returns its number and story slot.
    @discardableResult
    private mutating func appendDocument(_ sketch: DocumentSketch, storyID: String, time: Double)
        -> (document: UInt32, story: UInt32)
    {
        let named = slot(for: storyID)
        let story = find(named)
        let document = UInt32(documentStory.count)
        documentStory.append(story)
        documentOffset.append(UInt32(arena.count))
        documentSamples.append(UInt32(sketch.samples.count))
        documentTime.append(time)
        arena.append(contentsOf: sketch.samples)
        return (document, story)
    }

    /// Folds story `merged` into `survivor`: from now on both names resolve to `survivor`.
    public mutating func merge(_ merged: String, into survivor: String) {
        let mergedSlot = slot(for: merged)
        let survivorSlot = slot(for: survivor)
        let from = find(mergedSlot)
        let to = find(survivorSlot)
        if from != to { storyParent[Int(from)] = to }
    }

    /// Whether the index has heard of `storyID` (a document of it, or a merge naming it).
    public func knows(_ storyID: String) -> Bool { storySlots[storyID] != nil }

    /// The story a story id now belongs to (itself, or the story it was folded into).
    public func resolve(_ storyID: String) -> String {
        guard let slot = storySlots[storyID] else { return storyID }
        return storyKeys[Int(find(slot))]
    }

    /// Ignores documents indexed before `time` (seconds since 1970) from now on.
    public mutating func expire(before time: Double) {
        horizon = max(horizon, time)
    }

    /// Every story that shares a passage with `sketch`, with the evidence of its closest copy, closest first
    /// (ties by story id, so the order is deterministic).
    public func matches(for sketch: DocumentSketch) -> [StoryMatch] {
        // The query's usable samples, each to its first reading-order ordinal (in a posting table's `first`), for
        // the exact overlap below: verifying a candidate looks up every one of its samples, so a lookup is a probe.
        var query = PostingTable(capacity: sketch.samples.count)
        var postings: [UInt32] = []
        for (ordinal, key) in sketch.samples.enumerated() {
            let head = Self.isPosted(key) ? heads.entry(key) : nil
            if let head, head.stories > UInt32(policy.boilerplateStories) { continue }
            if query.entry(key) == nil {
                query.set(PostingTable.Entry(key: key, first: UInt32(ordinal), stories: 0))
            }
            guard let head else { continue }
            var posting = head.first
            while posting != Self.none {
                postings.append(postingDocument[Int(posting)])
                posting = postingNext[Int(posting)]
            }
        }
        postings.sort()
        var best: [UInt32: (document: UInt32, evidence: OverlapEvidence)] = [:]
        var start = 0
        while start < postings.count {
            let document = postings[start]
            var end = start + 1
            while end < postings.count, postings[end] == document { end += 1 }
            defer { start = end }
            guard end - start >= Self.minimumPostedHits, documentTime[Int(document)] >= horizon else { continue }
            let evidence = overlap(of: sketch, query: query, with: document)
            let story = find(documentStory[Int(document)])
            if let current = best[story], !Self.isCloser(evidence, than: current.evidence, policy: policy) { continue }
            best[story] = (document, evidence)
        }
        return best.map { story, entry in
            StoryMatch(storyID: storyKeys[Int(story)], evidence: entry.evidence,
                       isCopy: entry.evidence.isCopy(under: policy))
        }
        .sorted { lhs, rhs in
            if lhs.isCopy != rhs.isCopy { return lhs.isCopy }
            if lhs.evidence.containment != rhs.evidence.containment {
                return lhs.evidence.containment > rhs.evidence.containment
            }
            return lhs.storyID < rhs.storyID
        }
    }

    /// Exact overlap of the incoming sketch (its usable samples, keyed to their ordinals) with one indexed document.
    private func overlap(of sketch: DocumentSketch, query: PostingTable, with document: UInt32) -> OverlapEvidence {
        let offset = Int(documentOffset[Int(document)])
        let count = Int(documentSamples[Int(document)])
        var shared = 0
        var incomingStart = Int.max
        var indexedStart = Int.max
        for position in 0..<count {
            guard let ordinal = query.entry(arena[offset + position])?.first else { continue }
            shared += 1
            incomingStart = min(incomingStart, Int(ordinal))
            indexedStart = min(indexedStart, position)
        }
        return OverlapEvidence(
            shared: shared, incomingSamples: sketch.samples.count, indexedSamples: count,
            incomingStart: shared == 0 ? 1 : Double(incomingStart) / Double(max(1, sketch.samples.count)),
            indexedStart: shared == 0 ? 1 : Double(indexedStart) / Double(max(1, count))
        )
    }

    private static func isCloser(_ evidence: OverlapEvidence, than current: OverlapEvidence, policy: DedupePolicy)
        -> Bool
    {
        let copy = evidence.isCopy(under: policy)
        if copy != current.isCopy(under: policy) { return copy }
        if evidence.containment != current.containment { return evidence.containment > current.containment }
        return evidence.shared > current.shared
    }

    private func chain(from first: UInt32, contains story: UInt32) -> Bool {
        var posting = first
        while posting != Self.none {
            if find(documentStory[Int(postingDocument[Int(posting)])]) == story { return true }
            posting = postingNext[Int(posting)]
        }
        return false
    }

    private mutating func slot(for storyID: String) -> UInt32 {
        if let slot = storySlots[storyID] { return slot }
        let slot = UInt32(storyKeys.count)
        storyKeys.append(storyID)
        storyParent.append(slot)
        storySlots[storyID] = slot
        return slot
    }

    private func find(_ slot: UInt32) -> UInt32 {
        var current = slot
        while storyParent[Int(current)] != current { current = storyParent[Int(current)] }
        return current
    }
}

/// A story that shares text with an incoming document, and how.
public struct StoryMatch: Sendable, Equatable {
    /// The story (after any merges).
    public var storyID: String
    /// The overlap with the story's closest copy.
    public var evidence: OverlapEvidence
    /// Whether the overlap passed verification: the document is a copy of this story.
    public var isCopy: Bool

    public init(storyID: String, evidence: OverlapEvidence, isCopy: Bool) {
        self.storyID = storyID
        self.evidence = evidence
        self.isCopy = isCopy
    }
}
