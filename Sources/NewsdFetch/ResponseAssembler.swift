/// Collects one transfer's response from libcurl's header and write callbacks, enforcing the body limit.
///
/// libcurl reports every response of a redirect chain; a new status line starts a new response, so what remains
/// at the end is the final response's headers and body. Confined to the thread running the transfer.
final class ResponseAssembler {
    /// Why the body was refused.
    enum Refusal: Equatable {
        /// The final response announced a `Content-Length` above the limit; nothing was read.
        case announced(length: Int)
        /// The decoded body grew past the limit while arriving.
        case exceeded
    }

    /// The header fields of one response that the fetcher uses.
    struct Headers {
        var status: Int?
        var etag: String?
        var lastModified: String?
        var contentType: String?
        var retryAfter: String?
        var location: String?
        var contentLength: Int?
        var contentLocation: String?
        var contentLanguage: String?
        var cacheControl: String?
        var expires: String?
        var date: String?
    }

    let maxBodyBytes: Int
    private(set) var headers = Headers()
    private(set) var body: [UInt8] = []
    private(set) var refusal: Refusal?
    /// The status of every response in the chain, redirects first, the final one last.
    private(set) var statuses: [Int] = []

    /// Whether every redirect of the chain was permanent (301 or 308) and there was at least one: then the
    /// document has moved for good, and the final URL should replace the one asked for.
    var movedPermanently: Bool {
        statuses.count > 1 && statuses.dropLast().allSatisfy { $0 == 301 || $0 == 308 }
    }

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Takes one header line (with its CRLF); returns false to make libcurl abort the transfer.
    ///
    /// Only the fields the fetcher uses are turned into strings; the rest are skipped by looking at their name's
    /// bytes, which keeps a transfer's header work small.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        if line.starts(with: Self.statusLinePrefix) {
            startResponse(statusLine: String(decoding: line, as: UTF8.self))
            return true
        }
        if line.count <= 2, line.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) {
            return endOfHeaders()
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), let field = Self.field(named: line[..<colon])
        else {
            return true
        }
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingHTTPWhitespace()
        switch field {
        case .etag: headers.etag = value
        case .lastModified: headers.lastModified = value
        case .contentType: headers.contentType = value
        case .retryAfter: headers.retryAfter = value
        case .location: headers.location = value
        case .contentLocation: headers.contentLocation = value
        case .contentLanguage: headers.contentLanguage = value
        case .cacheControl:
            // Several Cache-Control fields are one list (RFC 9110 §5.3).
            headers.cacheControl = headers.cacheControl.map { $0 + ", " + value } ?? value
        case .expires: headers.expires = value
        case .date: headers.date = value
        case .contentLength:
            headers.contentLength = Int(value)
            if let length = headers.contentLength, length > 0, length <= maxBodyBytes {
                body.reserveCapacity(length)
            }
        }
        return true
    }

    private static let statusLinePrefix = Array("HTTP/".utf8)

    /// The header fields the fetcher reads.
    private enum Field: CaseIterable {
        case etag, lastModified, contentType, retryAfter, location, contentLength, contentLocation, contentLanguage
        case cacheControl, expires, date

        var name: [UInt8] {
            switch self {
            case .etag: Array("etag".utf8)
            case .lastModified: Array("last-modified".utf8)
            case .contentType: Array("content-type".utf8)
            case .retryAfter: Array("retry-after".utf8)
            case .location: Array("location".utf8)
            case .contentLength: Array("content-length".utf8)
            case .contentLocation: Array("content-location".utf8)
            case .contentLanguage: Array("content-language".utf8)
            case .cacheControl: Array("cache-control".utf8)
            case .expires: Array("expires".utf8)
            case .date: Array("date".utf8)
            }
        }
    }

    private static let fields: [(name: [UInt8], field: Field)] = Field.allCases.map { ($0.name, $0) }

    /// The field a header name stands for, compared without regard to ASCII case.
    private static func field(named name: Slice<UnsafeRawBufferPointer>) -> Field? {
        for candidate in fields where candidate.name.count == name.count {
            if zip(candidate.name, name).allSatisfy({ $0 == ($1 | 0x20) || $0 == $1 }) {
                return candidate.field
            }
        }
        return nil
    }

    /// Takes a piece of the decoded body; returns false (libcurl then aborts) once the limit would be passed.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= maxBodyBytes else {
            refusal = .exceeded
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    private func startResponse(statusLine: String) {
        headers = Headers()
        body = []
        headers.status = Self.statusCode(ofStatusLine: statusLine)
        if let status = headers.status, !(100..<200).contains(status) {
            statuses.append(status)
        }
    }

    /// The status code of a status line such as `HTTP/1.1 200 OK\r\n`; the reason phrase may be missing
    /// (`HTTP/1.1 200\r\n`), so the line's CRLF is trimmed before the code is read.
    static func statusCode(ofStatusLine line: String) -> Int? {
        let fields = line.trimmingHTTPWhitespace().split(separator: " ", maxSplits: 2)
        return fields.count >= 2 ? Int(fields[1]) : nil
    }

    /// Refuses up-front a final 2xx response whose announced length is over the limit.
    private func endOfHeaders() -> Bool {
        guard let status = headers.status, (200..<300).contains(status),
            let length = headers.contentLength, length > maxBodyBytes
        else {
            return true
        }
        refusal = .announced(length: length)
        return false
    }
}
