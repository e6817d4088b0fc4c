/// Finds the known key a mistyped one was probably meant to be.
enum KeySuggestion {
    /// The key in `candidates` closest to `key`, if it is close enough to be a plausible typo.
    ///
    /// Keys are compared lower-cased with `-` read as `_`; a candidate qualifies when the edit distance (with
    /// transpositions counting once) is at most a third of its length, and at least 1.
    static func closest(to key: String, among candidates: [String]) -> String? {
        let typed = normalized(key)
        var best: (key: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, normalized(candidate))
            guard distance <= max(1, candidate.count / 3) else { continue }
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.key
    }

    private static func normalized(_ key: String) -> [Character] {
        Array(key.lowercased().replacingDashes())
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousRow: [Int] = []
        var row = Array(0...b.count)
        for i in 1...a.count {
            let twoBack = previousRow
            previousRow = row
            row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previousRow[j] + 1, row[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], twoBack[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}

extension String {
    fileprivate func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
