/// A stable least-significant-digit radix sort of 64-bit values by their high 32 bits, in two 16-bit passes: the
/// order of the index's (key, document) pairs when a stored index is rebuilt, in linear time.
enum RadixSort {
    static func sortByHighHalf(_ values: inout [UInt64]) {
        guard values.count > 1 else { return }
        var scratch = [UInt64](repeating: 0, count: values.count)
        for shift in [UInt64(32), 48] {
            var counts = [Int](repeating: 0, count: 65_537)
            for value in values {
                counts[Int(truncatingIfNeeded: (value >> shift) & 0xFFFF) + 1] += 1
            }
            for digit in 1..<counts.count {
                counts[digit] += counts[digit - 1]
            }
            for value in values {
                let digit = Int(truncatingIfNeeded: (value >> shift) & 0xFFFF)
                scratch[counts[digit]] = value
                counts[digit] += 1
            }
            swap(&values, &scratch)
        }
    }
}
