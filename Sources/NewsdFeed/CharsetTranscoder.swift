#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts whole documents to UTF-8 with the C library's `iconv`, so ``ReferenceRewriter`` can scan bytes that
/// were in an encoding it cannot read (EBCDIC, UTF-7, UCS-4 …) before libxml2 sees them.
enum CharsetTranscoder {
    /// `bytes`, which are in `encoding`, as UTF-8; `nil` when iconv does not know the encoding or the bytes are not
    /// valid in it (a conversion that would drop or guess characters is refused, never half done).
    static func utf8(from bytes: [UInt8], encoding: String) -> [UInt8]? {
        let descriptor = iconv_open("UTF-8", encoding)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = bytes.map { CChar(bitPattern: $0) }
        // UTF-8 takes at most 3 bytes per input byte for the encodings iconv knows (4 per 4-byte unit).
        var output = [CChar](repeating: 0, count: bytes.count * 3 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var inPointer = source.baseAddress
                var inLeft = source.count
                var outPointer = target.baseAddress
                var outLeft = target.count
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0,
                      iconv(descriptor, nil, nil, &outPointer, &outLeft) != -1
                else { return nil }
                return target.count - outLeft
            }
        }
        guard let produced else { return nil }
        return output.prefix(produced).map { UInt8(bitPattern: $0) }
    }

    /// Whether iconv can convert from `encoding` to UTF-8.
    static func isKnown(_ encoding: String) -> Bool {
        guard let descriptor = iconv_open("UTF-8", encoding), descriptor != iconv_t(bitPattern: -1) else {
            return false
        }
        iconv_close(descriptor)
        return true
    }

    /// Whether text in `encoding` is ASCII wherever it looks like ASCII markup, so byte-level scanning for `<`, `&`
    /// and `<!ENTITY` sees what libxml2 will see. UTF-16, UTF-32 and EBCDIC fail, and so does UTF-7, whose `+ACY-`
    /// is a hidden `&`. `false` for an encoding iconv does not know.
    static func isASCIICompatible(_ encoding: String) -> Bool {
        utf8(from: probe, encoding: encoding) == probe
    }

    private static let probe = Array(
        "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY e \"v\">]><r a=\"b\">&#38;&e;+ACY-</r>\n".utf8)
}
