import Foundation
public import NewsdConfig

/// A fingerprint of a source's file, so state can tell whether the operator has edited it since (a feed marked
/// gone is tried again once its source file changes).
public enum SourceFingerprint {
    /// FNV-1a 64 of the source file's bytes, in hex; of the source id when the file cannot be read.
    public static func of(_ source: SourceConfiguration) -> String {
        let bytes = FileManager.default.contents(atPath: source.file).map { [UInt8]($0) } ?? Array(source.id.utf8)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
