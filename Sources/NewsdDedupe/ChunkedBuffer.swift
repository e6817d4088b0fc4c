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

    /// A buffer of `count` elements whose bytes `fill` writes, one chunk at a time (as a snapshot is read), so the
    /// elements are never held twice. `fill` must initialise every byte of the buffer it is given.
    init<Failure: Error>(count: Int, fill: (UnsafeMutableRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        var remaining = count
        while remaining > 0 {
            let size = min(remaining, Self.chunkSize)
            var failure: Failure?
            let chunk = [Element](unsafeUninitializedCapacity: size) { buffer, initialized in
                do throws(Failure) {
                    try fill(UnsafeMutableRawBufferPointer(buffer))
                    initialized = size
                } catch {
                    failure = error
                    initialized = 0
                }
            }
            if let failure { throw failure }
            chunks.append(chunk)
            remaining -= size
        }
        self.count = count
    }

    /// Hands the bytes of every chunk to `body`, in order (as a snapshot is written).
    func forEachChunk<Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        for chunk in chunks where !chunk.isEmpty {
            var failure: Failure?
            chunk.withUnsafeBytes { bytes in
                do throws(Failure) { try body(bytes) } catch { failure = error }
            }
            if let failure { throw failure }
        }
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
