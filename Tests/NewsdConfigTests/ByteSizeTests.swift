import NewsdConfig
import Testing

@Suite("ByteSize")
struct ByteSizeTests {
    @Test("parses bare byte counts, decimal units and binary units", arguments: [
        ("1024", 1024), ("0", 0), ("512KiB", 524_288), ("10MB", 10_000_000), ("10MiB", 10_485_760),
        ("2GiB", 2_147_483_648), ("1kB", 1000), ("1 KiB", 1024), ("64b", 64), ("3mib", 3_145_728),
    ])
    func parses(text: String, expected: Int) {
        #expect(ByteSize.parse(text) == expected)
    }

    @Test("rejects text that is not a size", arguments: [
        "", "big", "MB", "1.5MB", "-1KiB", "10 XB", "10MBs", "99999999999TiB", "0x400",
    ])
    func rejects(text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test("formats with the largest unit that divides exactly", arguments: [
        (10_485_760, "10MiB"), (1024, "1KiB"), (4_000_000, "4MB"), (1500, "1500B"), (0, "0B"),
    ])
    func formats(bytes: Int, expected: String) {
        #expect(ByteSize.format(bytes) == expected)
    }
}
