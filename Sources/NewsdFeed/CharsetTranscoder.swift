import Foundation
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
        answers.knows(encoding)
    }

    /// Whether text in `encoding` is ASCII wherever it looks like ASCII markup, so byte-level scanning for `<`, `&`
    /// and `<!ENTITY` sees what libxml2 will see. UTF-16, UTF-32 and EBCDIC fail, and so does UTF-7, whose `+ACY-`
    /// is a hidden `&`. `false` for an encoding iconv does not know.
    static func isASCIICompatible(_ encoding: String) -> Bool {
        answers.isASCIICompatible(encoding)
    }

    private static let answers = EncodingAnswers()

    fileprivate static let probe = Array(
        "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY e \"v\">]><r a=\"b\">&#38;&e;+ACY-</r>\n".utf8)
}

/// What iconv said about each encoding name, remembered: asking means loading a converter module (`dlopen`) each
/// time, which costs more than parsing a small feed. One descriptor per known encoding stays open, so the module
/// stays loaded for libxml2's own conversions too. Bounded: after 256 names, answers are computed, not kept.
private final class EncodingAnswers: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: Bool] = [:]
    private var compatible: [String: Bool] = [:]
    private var openDescriptors: [iconv_t] = []

    func knows(_ encoding: String) -> Bool {
        if let answer = lock.withLock({ known[encoding] }) { return answer }
        let descriptor = iconv_open("UTF-8", encoding)
        let answer = descriptor != nil && descriptor != iconv_t(bitPattern: -1)
        lock.withLock {
            if known.count < 256, known[encoding] == nil {
                known[encoding] = answer
                if answer, let descriptor { openDescriptors.append(descriptor) }
            } else if answer, let descriptor {
                iconv_close(descriptor)
            }
        }
        return answer
    }

    func isASCIICompatible(_ encoding: String) -> Bool {
        if let answer = lock.withLock({ compatible[encoding] }) { return answer }
        let answer = knows(encoding) && CharsetTranscoder.utf8(from: CharsetTranscoder.probe, encoding: encoding)
            == CharsetTranscoder.probe
        lock.withLock {
            if compatible.count < 256 { compatible[encoding] = answer }
        }
        return answer
    }
}
