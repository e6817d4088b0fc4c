/// Word shingles of an article's text: every run of ``width`` consecutive words, hashed with a fixed 64-bit hash.
///
/// The words come from the whole text as one stream, so a copy whose paragraphs were split or joined differently
/// gives the same shingles; each paragraph is normalised first (``ParagraphFingerprint/normalize(_:)``: case,
/// punctuation, quote style and spacing fold away). Word hashes are FNV-1a 64 and a shingle's hash folds its words'
/// hashes through a fixed 64-bit mixer, so hashes are the same in every process and can be stored.
public enum WordShingles {
    /// Words per shingle. Five words are rare enough to identify a sentence and short enough that a typo or an
    /// inserted line costs only a few shingles.
    public static let width = 5

    /// The normalised words of `paragraphs`, hashed, in reading order: the words of
    /// ``ParagraphFingerprint/normalize(_:)``, hashed with FNV-1a 64 over their UTF-8 bytes, computed in one pass
    /// without building the normalised string (ASCII, most of any news text, takes a fast path).
    public static func wordHashes(_ paragraphs: [String]) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(paragraphs.reduce(0) { $0 + $1.utf8.count } / 5)
        for paragraph in paragraphs {
            var hash: UInt64 = ParagraphFingerprint.fnvOffsetBasis
            var inWord = false
            for scalar in paragraph.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    var byte = UInt8(truncatingIfNeeded: value)
                    if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                    if (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    {
                        hash = (hash ^ UInt64(byte)) &* ParagraphFingerprint.fnvPrime
                        inWord = true
                    } else if byte != UInt8(ascii: "'") {
                        if inWord { hashes.append(hash) }
                        hash = ParagraphFingerprint.fnvOffsetBasis
                        inWord = false
                    }
                } else if scalar == "\u{2019}" {
                    continue
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    for byte in scalar.properties.lowercaseMapping.utf8 {
                        hash = (hash ^ UInt64(byte)) &* ParagraphFingerprint.fnvPrime
                    }
                    inWord = true
                } else {
                    if inWord { hashes.append(hash) }
                    hash = ParagraphFingerprint.fnvOffsetBasis
                    inWord = false
                }
            }
            if inWord { hashes.append(hash) }
        }
        return hashes
    }

    /// The hash of every shingle of `paragraphs`, in reading order (repeats included). A text shorter than
    /// ``width`` words gives one shingle of all its words; an empty text gives none.
    public static func hashes(_ paragraphs: [String]) -> [UInt64] {
        hashes(words: wordHashes(paragraphs))
    }

    /// The shingle hashes over already hashed words.
    public static func hashes(words: [UInt64]) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        let count = max(1, words.count - width + 1)
        var result: [UInt64] = []
        result.reserveCapacity(count)
        for start in 0..<count {
            var hash: UInt64 = 0
            for word in words[start..<min(words.count, start + width)] {
                hash = mix(hash ^ word)
            }
            result.append(hash)
        }
        return result
    }

    /// The 64-bit finaliser of MurmurHash3: every input bit affects every output bit, so the low bits used for
    /// sampling are as good as the high ones.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}

/// What the index keeps of one document: a deterministic sample of its shingles, in reading order.
///
/// The sample keeps the shingles whose 64-bit hash is divisible by ``DedupePolicy/sampleModulus``; two copies of a
/// passage keep the same shingles of it, so containment measured on samples estimates containment of the full
/// shingle sets, at a fraction of the memory. Each kept shingle is stored as a 32-bit key, the high half of its
/// hash (the low half is fixed by the sampling): two different shingles share a key with probability 2⁻³², so
/// between two documents of a few hundred samples a false shared key turns up about once in 10⁵ comparisons, far
/// too rarely to move a containment. Reading order is kept so that the verification can see *where* two texts
/// overlap (a copy shares the lead; a brief quoting a late paragraph does not).
public struct DocumentSketch: Sendable, Equatable {
    /// The distinct sampled shingle keys, in the order they first occur.
    public var samples: [UInt32]
    /// How many words the text has.
    public var wordCount: Int

    /// Creates a sketch from sampled hashes (for tests and for reloading).
    public init(samples: [UInt32], wordCount: Int) {
        self.samples = samples
        self.wordCount = wordCount
    }

    /// Sketches an article's paragraphs.
    public init(paragraphs: [String], sampleModulus: UInt64 = DedupePolicy.sampleModulus) {
        let words = WordShingles.wordHashes(paragraphs)
        var seen = Set<UInt32>()
        var samples: [UInt32] = []
        for hash in WordShingles.hashes(words: words) where hash % sampleModulus == 0 {
            let key = UInt32(truncatingIfNeeded: hash >> 32)
            if seen.insert(key).inserted { samples.append(key) }
        }
        self.samples = samples
        self.wordCount = words.count
    }

    /// Whether there is nothing to match on.
    public var isEmpty: Bool { samples.isEmpty }
}
