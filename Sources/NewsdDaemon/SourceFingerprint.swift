import Foundation
public import NewsdConfig
import NewsdDedupe

/// A fingerprint of a source's file, so state can tell whether the operator has edited it since (a feed marked
/// gone is tried again once its source file changes).
public enum SourceFingerprint {
    /// FNV-1a 64 of the source file's bytes, in hex; of the source id when the file cannot be read.
    public static func of(_ source: SourceConfiguration) -> String {
        let bytes = FileManager.default.contents(atPath: source.file).map { [UInt8]($0) } ?? Array(source.id.utf8)
        return String(ParagraphFingerprint.hash(bytes: bytes), radix: 16)
    }
}
