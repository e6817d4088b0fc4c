/// Reads and writes durations the way configuration files spell them: `30s`, `15m`, `2h`, `1d`, `1h30m`.
///
/// A duration is one or more *number + unit* parts, largest unit first, each unit at most once. The units are
/// `d` (days), `h` (hours), `m` (minutes), `s` (seconds) and `ms` (milliseconds). `format(_:)` writes the
/// shortest such text, so `format(.seconds(5400)) == "1h30m"` and `parse(format(d)) == d` for any whole number
/// of milliseconds. Both the loader and the CLI's summary use it, so what a user types and what newsd prints match.
public enum DurationText {
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// Parses `text` (for example `15m`, `1h30m`, `45s`, `1d`) into a `Duration`.
    ///
    /// Returns `nil` for anything else: an empty string, a bare number without a unit (`30` is ambiguous),
    /// an unknown unit, units out of order or repeated (`30m1h`, `1m1m`), signs, spaces or fractions.
    public static func parse(_ text: String) -> Duration? {
        var remaining = Substring(text)
        var total: Int64 = 0
        var lastUnitIndex = -1
        guard !remaining.isEmpty else { return nil }
        while !remaining.isEmpty {
            let digits = remaining.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 12, let value = Int64(digits) else { return nil }
            remaining = remaining.dropFirst(digits.count)
            let letters = remaining.prefix(while: { $0.isASCII && $0.isLetter })
            guard let unitIndex = units.firstIndex(where: { $0.suffix == letters }), unitIndex > lastUnitIndex else {
                return nil
            }
            remaining = remaining.dropFirst(letters.count)
            lastUnitIndex = unitIndex
            let (part, overflowed) = value.multipliedReportingOverflow(by: units[unitIndex].milliseconds)
            guard !overflowed else { return nil }
            let (sum, sumOverflowed) = total.addingReportingOverflow(part)
            guard !sumOverflowed else { return nil }
            total = sum
        }
        return .milliseconds(total)
    }

    /// Writes `duration` as the shortest text `parse(_:)` reads back: `1h30m`, `15m`, `1d`, `0s`.
    ///
    /// Sub-millisecond remainders are dropped; negative durations get a leading `-`.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflowed) = seconds.multipliedReportingOverflow(by: 1_000)
        let (sum, sumOverflowed) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        var milliseconds = overflowed || sumOverflowed ? (seconds < 0 ? Int64.min : Int64.max) : sum
        guard milliseconds != 0 else { return "0s" }
        var text = milliseconds < 0 ? "-" : ""
        milliseconds = milliseconds == .min ? .max : abs(milliseconds)
        for unit in units where milliseconds >= unit.milliseconds {
            text += "\(milliseconds / unit.milliseconds)\(unit.suffix)"
            milliseconds %= unit.milliseconds
        }
        return text
    }
}
