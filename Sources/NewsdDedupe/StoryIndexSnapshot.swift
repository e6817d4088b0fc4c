import Glibc

/// Why a stored index snapshot could not be written or used. A snapshot is only a cache of the state database's
/// `dedupe_documents` table: whoever loads one rebuilds the index from the table when this is thrown.
public struct IndexSnapshotError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The file does not exist (first start, or it was removed).
        case missing
        /// A system call failed.
        case system(operation: String, errno: Int32)
        /// The file is not a snapshot this build reads: another format version, another policy, or damage.
        case unusable(String)
    }

    public var path: String
    public var kind: Kind

    public var description: String {
        switch kind {
        case .missing:
            "\(path): no index snapshot"
        case .system(let operation, let errno):
            "\(path): \(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .unusable(let reason):
            "\(path): not a usable index snapshot (\(reason)); it is rebuilt from the state database"
        }
    }
}

/// The snapshot file format: a fixed header, then the index's arrays as they lie in memory (little-endian), so
/// loading is a few large reads with no per-document work.
///
///     magic "NWSDIDX\0" · version u32 · boilerplate limit u32 · covered seq i64 · horizon f64
///     · documents, arena, stories, story-key bytes, table slots, postings (u64 each) · checksum u64
///     · document story u32[] · document offset u32[] · document samples u32[] · document time f64[]
///     · arena u32[] · story parent u32[] · story key lengths u32[] · story key bytes
///     · table slots (key u32, first posting u32)[] · table story counts u8[]
///     · posting document u32[] · posting next u32[]
///
/// The checksum covers everything after the header.
enum IndexSnapshotFormat {
    static let magic: UInt64 = 0x0058_4449_4453_574E  // "NWSDIDX\0" read as a little-endian u64
    static let version: UInt32 = 1
    static let headerSize = 8 + 4 + 4 + 8 + 8 + 6 * 8 + 8
}

/// A running 64-bit checksum over the snapshot's bytes, eight at a time.
struct SnapshotChecksum {
    private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var hash = value
        var position = 0
        while position + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 31
            position += 8
        }
        while position < bytes.count {
            hash = (hash ^ UInt64(bytes[position])) &* 0x9E37_79B9_7F4A_7C15
            position += 1
        }
        value = hash
    }
}

extension StoryIndex {
    /// Writes the whole index to `path` atomically (a temporary file beside it, fsync, rename, fsync of the
    /// directory), tagged with `seq`: the highest `dedupe_documents.seq` the index holds, so that a later start
    /// loads the snapshot and replays only newer rows.
    public func writeSnapshot(to path: String, covering seq: Int64) throws(IndexSnapshotError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw IndexSnapshotError(path: temporary, kind: .system(operation: "open", errno: errno))
        }
        var writer = SnapshotWriter(descriptor: descriptor, path: temporary)
        do throws(IndexSnapshotError) {
            let keyBytes = storyKeys.reduce(0) { $0 + $1.utf8.count }
            // The header is written last, once the checksum is known; reserve its room first.
            try writer.seek(to: IndexSnapshotFormat.headerSize)
            try writer.write(documentStory)
            try writer.write(documentOffset)
            try writer.write(documentSamples)
            try writer.write(documentTime)
            try writer.write(arena)
            try writer.write(storyParent)
            try writer.write(storyKeys.map { UInt32($0.utf8.count) })
            var bytes: [UInt8] = []
            bytes.reserveCapacity(keyBytes)
            for key in storyKeys { bytes.append(contentsOf: key.utf8) }
            try writer.write(bytes)
            try writer.write(heads.slots)
            try writer.write(heads.stories)
            try writer.write(postingDocument)
            try writer.write(postingNext)
            let checksum = writer.checksum.value
            var header: [UInt8] = []
            header.reserveCapacity(IndexSnapshotFormat.headerSize)
            func put<T: FixedWidthInteger>(_ value: T) {
                withUnsafeBytes(of: value.littleEndian) { header.append(contentsOf: $0) }
            }
            put(IndexSnapshotFormat.magic)
            put(IndexSnapshotFormat.version)
            put(UInt32(policy.boilerplateStories))
            put(seq)
            put(horizon.bitPattern)
            for count in [documentStory.count, arena.count, storyKeys.count, keyBytes, heads.slots.count,
                          postingDocument.count] {
                put(UInt64(count))
            }
            put(checksum)
            try writer.seek(to: 0)
            try writer.write(header, checksummed: false)
            guard fsync(descriptor) == 0 else {
                throw IndexSnapshotError(path: temporary, kind: .system(operation: "fsync", errno: errno))
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw IndexSnapshotError(path: path, kind: .system(operation: "rename", errno: code))
        }
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let directoryDescriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryDescriptor >= 0 else {
            throw IndexSnapshotError(path: directory, kind: .system(operation: "open", errno: errno))
        }
        defer { close(directoryDescriptor) }
        guard fsync(directoryDescriptor) == 0 else {
            throw IndexSnapshotError(path: directory, kind: .system(operation: "fsync", errno: errno))
        }
    }

    /// Loads an index written by ``writeSnapshot(to:covering:)``, with the `seq` it covers. The arrays are read
    /// straight into their final storage; the file is checked (format version, the policy's boilerplate limit,
    /// sizes, checksum, and every stored reference in range) so a damaged or foreign file is refused, never used.
    public static func loadSnapshot(from path: String, policy: DedupePolicy = DedupePolicy())
        throws(IndexSnapshotError) -> (index: StoryIndex, seq: Int64)
    {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw IndexSnapshotError(path: path, kind: code == ENOENT ? .missing : .system(operation: "open", errno: code))
        }
        defer { close(descriptor) }
        var stats = stat()
        guard fstat(descriptor, &stats) == 0 else {
            throw IndexSnapshotError(path: path, kind: .system(operation: "stat", errno: errno))
        }
        var reader = SnapshotReader(descriptor: descriptor, path: path, remaining: Int(stats.st_size))
        func unusable(_ reason: String) -> IndexSnapshotError {
            IndexSnapshotError(path: path, kind: .unusable(reason))
        }
        let header: [UInt8] = try reader.read(count: IndexSnapshotFormat.headerSize, checksummed: false)
        var position = 0
        func take<T: FixedWidthInteger>(_: T.Type) -> T {
            defer { position += MemoryLayout<T>.size }
            return header.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
        }
        guard take(UInt64.self) == IndexSnapshotFormat.magic else { throw unusable("wrong magic number") }
        let version = take(UInt32.self)
        guard version == IndexSnapshotFormat.version else {
            throw unusable("format version \(version), this build reads \(IndexSnapshotFormat.version)")
        }
        let limit = take(UInt32.self)
        guard limit == UInt32(policy.boilerplateStories) else {
            throw unusable("written with a boilerplate limit of \(limit) stories, now \(policy.boilerplateStories)")
        }
        let seq = take(Int64.self)
        let horizon = Double(bitPattern: take(UInt64.self))
        let counts = (0..<6).map { _ in Int(clamping: take(UInt64.self)) }
        let checksum = take(UInt64.self)
        let (documents, arenaCount, stories, keyBytes, slots, postings) =
            (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
        let expected = IndexSnapshotFormat.headerSize + documents * 20 + arenaCount * 4 + stories * 8 + keyBytes
            + slots * 9 + postings * 8
        guard counts.allSatisfy({ $0 < Int(UInt32.max) }), expected == Int(stats.st_size) else {
            throw unusable("its sizes do not add up to the file's \(stats.st_size) bytes")
        }

        var index = StoryIndex(policy: policy)
        index.horizon = horizon
        index.documentStory = try reader.read(count: documents)
        index.documentOffset = try reader.read(count: documents)
        index.documentSamples = try reader.read(count: documents)
        index.documentTime = try reader.read(count: documents)
        index.arena = try reader.readChunked(count: arenaCount)
        index.storyParent = try reader.read(count: stories)
        let lengths: [UInt32] = try reader.read(count: stories)
        let bytes: [UInt8] = try reader.read(count: keyBytes)
        let tableSlots: [PostingTable.Slot] = try reader.read(count: slots)
        let tableStories: [UInt8] = try reader.read(count: slots)
        index.postingDocument = try reader.readChunked(count: postings)
        index.postingNext = try reader.readChunked(count: postings)
        guard reader.checksum.value == checksum else { throw unusable("checksum mismatch: the file is damaged") }
        guard let table = PostingTable(slots: tableSlots, stories: tableStories) else {
            throw unusable("its posting table is malformed")
        }
        index.heads = table

        index.storyKeys.reserveCapacity(stories)
        index.storySlots.reserveCapacity(stories)
        var start = 0
        for (slot, length) in lengths.enumerated() {
            let end = start + Int(length)
            guard end <= bytes.count, index.storyParent[slot] < UInt32(stories) else {
                throw unusable("story \(slot) is out of range")
            }
            let key = String(decoding: bytes[start..<end], as: UTF8.self)
            index.storyKeys.append(key)
            index.storySlots[key] = UInt32(slot)
            start = end
        }
        guard index.storySlots.count == stories else { throw unusable("a story id appears twice") }
        for slot in 0..<stories {
            var current = slot
            var steps = 0
            while index.storyParent[current] != UInt32(current) {
                current = Int(index.storyParent[current])
                steps += 1
                guard steps <= stories else { throw unusable("story merges form a cycle") }
            }
        }
        for document in 0..<documents {
            guard index.documentStory[document] < UInt32(stories),
                  Int(index.documentOffset[document]) + Int(index.documentSamples[document]) <= arenaCount
            else { throw unusable("document \(document) is out of range") }
        }
        for posting in 0..<postings {
            let next = index.postingNext[posting]
            guard index.postingDocument[posting] < UInt32(documents), next == none || next < UInt32(posting)
            else { throw unusable("posting \(posting) is out of range") }
        }
        for slot in tableSlots where slot.first != none && slot.first >= UInt32(postings) {
            throw unusable("a table slot points past the postings")
        }
        return (index, seq)
    }
}

/// Sequential writes to a snapshot file, checksumming what follows the header.
private struct SnapshotWriter {
    let descriptor: Int32
    let path: String
    var checksum = SnapshotChecksum()

    func seek(to offset: Int) throws(IndexSnapshotError) {
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw IndexSnapshotError(path: path, kind: .system(operation: "seek", errno: errno))
        }
    }

    mutating func write<Element: BitwiseCopyable>(_ elements: [Element], checksummed: Bool = true)
        throws(IndexSnapshotError)
    {
        var failure: IndexSnapshotError?
        elements.withUnsafeBytes { bytes in
            do throws(IndexSnapshotError) { try write(bytes, checksummed: checksummed) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    mutating func write<Element>(_ elements: ChunkedBuffer<Element>) throws(IndexSnapshotError) {
        try elements.forEachChunk { (bytes) throws(IndexSnapshotError) in try write(bytes, checksummed: true) }
    }

    private mutating func write(_ bytes: UnsafeRawBufferPointer, checksummed: Bool) throws(IndexSnapshotError) {
        if checksummed { checksum.add(bytes) }
        var done = 0
        while done < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                throw IndexSnapshotError(path: path, kind: .system(operation: "write", errno: result < 0 ? errno : EIO))
            }
            done += result
        }
    }
}

/// Sequential reads from a snapshot file, straight into the arrays' storage, checksumming what follows the header.
private struct SnapshotReader {
    let descriptor: Int32
    let path: String
    var remaining: Int
    var checksum = SnapshotChecksum()

    mutating func read<Element: BitwiseCopyable>(count: Int, checksummed: Bool = true)
        throws(IndexSnapshotError) -> [Element]
    {
        var failure: IndexSnapshotError?
        let elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(IndexSnapshotError) {
                try fill(UnsafeMutableRawBufferPointer(buffer), checksummed: checksummed)
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return elements
    }

    mutating func readChunked<Element>(count: Int) throws(IndexSnapshotError) -> ChunkedBuffer<Element> {
        try ChunkedBuffer(count: count) { (buffer) throws(IndexSnapshotError) in try fill(buffer, checksummed: true) }
    }

    private mutating func fill(_ buffer: UnsafeMutableRawBufferPointer, checksummed: Bool) throws(IndexSnapshotError) {
        guard buffer.count <= remaining else {
            throw IndexSnapshotError(path: path, kind: .unusable("the file ends early"))
        }
        var done = 0
        while done < buffer.count {
            let result = Glibc.read(descriptor, buffer.baseAddress! + done, buffer.count - done)
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                if result == 0 { throw IndexSnapshotError(path: path, kind: .unusable("the file ends early")) }
                throw IndexSnapshotError(path: path, kind: .system(operation: "read", errno: errno))
            }
            done += result
        }
        remaining -= buffer.count
        if checksummed { checksum.add(UnsafeRawBufferPointer(buffer)) }
    }
}
