/// An append-only array stored in fixed-size chunks, so that growing it never copies what it holds.
///
/// A Swift array doubles its capacity and copies when full: for the index's largest arrays (hundreds of megabytes
/// at a million documents) that means a moment with the old and the new storage both resident, and up to half of
/// the new one unused. Chunks of 2²⁰ elements grow the footprint by at most one chunk at a time.
struct ChunkedBuffer<Element: BitwiseCopyable>: Sendable where Element: Sendable {
    private static var shift: Int { 20 }
    private static var chunkSize: Int { 1 << shift }
    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    /// A buffer of `count` copies of `value`.
    init(count: Int, repeating value: Element) {
        var remaining = count
        while remaining > 0 {
            let size = min(remaining, Self.chunkSize)
            chunks.append([Element](repeating: value, count: size))
            remaining -= size
        }
        self.count = count
    }

    /// Frees the chunks that hold only elements below `index`; reading them afterwards is a programming error.
    mutating func release(below index: Int) {
        for chunk in 0..<min(chunks.count, index >> Self.shift) where !chunks[chunk].isEmpty {
            chunks[chunk] = []
        }
    }

    subscript(index: Int) -> Element {
        get { chunks[index >> Self.shift][index & (Self.chunkSize - 1)] }
        set { chunks[index >> Self.shift][index & (Self.chunkSize - 1)] = newValue }
    }

    mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    mutating func append(contentsOf elements: [Element]) {
        var start = 0
        while start < elements.count {
            if count & (Self.chunkSize - 1) == 0 {
                var chunk: [Element] = []
                chunk.reserveCapacity(Self.chunkSize)
                chunks.append(chunk)
            }
            let room = Self.chunkSize - (count & (Self.chunkSize - 1))
            let end = min(elements.count, start + room)
            chunks[chunks.count - 1].append(contentsOf: elements[start..<end])
            count += end - start
            start = end
        }
    }
}
