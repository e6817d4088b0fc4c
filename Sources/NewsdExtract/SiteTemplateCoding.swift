/// A stored site template that cannot be read back (written by a newer newsd, or damaged).
public struct SiteTemplateCodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the bytes.
    public var detail: String

    public init(detail: String) {
        self.detail = detail
    }

    public var description: String {
        "stored site template is unreadable (\(detail)); it is relearned from the next pages"
    }
}

extension SiteTemplate {
    /// The format's leading bytes: "NST" and a version.
    private static let magic: [UInt8] = [0x4E, 0x53, 0x54, 0x01]

    /// The remembered pages in a compact binary form for the state database: the magic, the page count, then per
    /// page its id, its block count and each block's text and path hashes, all little-endian. About 16 bytes a
    /// block; settings are not stored, they come from the configuration.
    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(8 + pages.reduce(0) { $0 + 12 + 16 * $1.blocks.count })
        Self.append(UInt32(pages.count), to: &bytes)
        for page in pages {
            Self.append(page.page, to: &bytes)
            Self.append(UInt32(page.blocks.count), to: &bytes)
            for block in page.blocks {
                Self.append(block.text, to: &bytes)
                Self.append(block.path, to: &bytes)
            }
        }
        return bytes
    }

    /// Reads a template written by ``encoded()``, under the configuration's current settings.
    ///
    /// - Throws: ``SiteTemplateCodingError`` when the bytes are not a template this version writes.
    public init(decoding bytes: [UInt8], settings: SiteTemplateSettings) throws(SiteTemplateCodingError) {
        var reader = ByteReader(bytes: bytes)
        guard bytes.starts(with: Self.magic) else {
            throw SiteTemplateCodingError(detail: "unknown format or version")
        }
        reader.offset = Self.magic.count
        let pageCount = try reader.uint32()
        var pages: [PageSample] = []
        for _ in 0..<pageCount {
            let page = try reader.uint64()
            let blockCount = try reader.uint32()
            guard blockCount <= SiteTemplateSettings.maximumBlocksPerPage else {
                throw SiteTemplateCodingError(detail: "a page with \(blockCount) blocks")
            }
            var blocks: [TemplateBlockKey] = []
            blocks.reserveCapacity(Int(blockCount))
            for _ in 0..<blockCount {
                blocks.append(TemplateBlockKey(text: try reader.uint64(), path: try reader.uint64()))
            }
            pages.append(PageSample(page: page, blocks: blocks))
        }
        guard reader.offset == bytes.count else {
            throw SiteTemplateCodingError(detail: "\(bytes.count - reader.offset) bytes after the last page")
        }
        self.init(settings: settings, pages: pages)
    }

    private static func append<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads little-endian integers from bytes, failing at the end instead of reading past it.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func uint32() throws(SiteTemplateCodingError) -> UInt32 {
        UInt32(truncatingIfNeeded: try integer(width: 4))
    }

    mutating func uint64() throws(SiteTemplateCodingError) -> UInt64 {
        try integer(width: 8)
    }

    private mutating func integer(width: Int) throws(SiteTemplateCodingError) -> UInt64 {
        guard bytes.count - offset >= width else {
            throw SiteTemplateCodingError(detail: "cut short at byte \(offset) of \(bytes.count)")
        }
        var value: UInt64 = 0
        for index in 0..<width {
            value |= UInt64(bytes[offset + index]) << (8 * index)
        }
        offset += width
        return value
    }
}
