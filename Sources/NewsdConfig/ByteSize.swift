/// Reads and writes byte counts the way configuration files spell them: `1048576`, `512KiB`, `10MB`, `10 MiB`.
///
/// A size is a whole number with an optional unit. Decimal units are powers of 1000 (`kB`/`KB`, `MB`, `GB`,
/// `TB`), binary units powers of 1024 (`KiB`, `MiB`, `GiB`, `TiB`), and `B` is bytes. Units are matched without
/// regard to case, and a space may separate number and unit. `format(_:)` writes the largest unit that divides the
/// count exactly, preferring binary units, so `format(10_485_760) == "10MiB"`.
public enum ByteSize {
    private static let binaryUnits: [(suffix: String, bytes: Int)] = [
        ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
    ]
    private static let decimalUnits: [(suffix: String, bytes: Int)] = [
        ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("kB", 1_000),
    ]

    /// Parses `text` (for example `4096`, `512KiB`, `10MB`) into a number of bytes.
    ///
    /// Returns `nil` for anything else: no digits, a fraction, a sign, an unknown unit, or a count that does not
    /// fit in an `Int`.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces()
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 19, let value = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingSpaces().lowercased()
        let multiplier: Int
        if unit.isEmpty || unit == "b" {
            multiplier = 1
        } else if let match = (binaryUnits + decimalUnits).first(where: { $0.suffix.lowercased() == unit }) {
            multiplier = match.bytes
        } else {
            return nil
        }
        let (bytes, overflowed) = value.multipliedReportingOverflow(by: multiplier)
        return overflowed ? nil : bytes
    }

    /// Writes `bytes` with the largest unit that divides it exactly: `10MiB`, `1MB`, `1500B`.
    public static func format(_ bytes: Int) -> String {
        guard bytes > 0 else { return "\(bytes)B" }
        for unit in binaryUnits + decimalUnits where bytes % unit.bytes == 0 {
            return "\(bytes / unit.bytes)\(unit.suffix)"
        }
        return "\(bytes)B"
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> SubSequence {
        let start = firstIndex(where: { $0 != " " && $0 != "\t" }) ?? endIndex
        let end = lastIndex(where: { $0 != " " && $0 != "\t" }).map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
