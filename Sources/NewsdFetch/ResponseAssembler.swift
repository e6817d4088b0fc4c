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
    }

    let maxBodyBytes: Int
    private(set) var headers = Headers()
    private(set) var body: [UInt8] = []
    private(set) var refusal: Refusal?

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Takes one header line (with its CRLF); returns false to make libcurl abort the transfer.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            startResponse(statusLine: text)
            return true
        }
        if text == "\r\n" || text == "\n" {
            return endOfHeaders()
        }
        guard let colon = text.firstIndex(of: ":") else { return true }
        let name = text[..<colon].lowercased()
        let value = text[text.index(after: colon)...].trimmingHTTPWhitespace()
        switch name {
        case "etag": headers.etag = value
        case "last-modified": headers.lastModified = value
        case "content-type": headers.contentType = value
        case "retry-after": headers.retryAfter = value
        case "location": headers.location = value
        case "content-length": headers.contentLength = Int(value)
        default: break
        }
        return true
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
