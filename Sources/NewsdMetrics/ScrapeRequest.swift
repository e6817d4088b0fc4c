/// The head of one HTTP/1.x request to the metrics listener, as far as it has arrived.
///
/// Pure: the listener feeds it the bytes read so far and acts on the verdict, so the limits and answers are tested
/// without sockets.
enum ScrapeRequest: Equatable {
    /// The longest request head accepted; Prometheus sends a few hundred bytes.
    static let maximumHeadBytes = 8_192

    /// The head has not ended yet (no blank line) and is within the size limit.
    case incomplete
    /// A complete request line: method and target (path and query).
    case head(method: String, target: String)
    /// The head is too long, or its request line is not `METHOD TARGET HTTP/1.x`.
    case refused(ScrapeReply)

    /// The reply to a head longer than ``maximumHeadBytes``, finished or not.
    private static let headTooLong = ScrapeReply(status: 431, reason: "Request Header Fields Too Large",
                                                 text: "request head longer than \(maximumHeadBytes) bytes\n")

    /// Reads `bytes`, everything received on the connection so far.
    static func parse(_ bytes: [UInt8]) -> ScrapeRequest {
        guard let end = headEnd(bytes) else {
            return bytes.count > maximumHeadBytes ? .refused(headTooLong) : .incomplete
        }
        guard end <= maximumHeadBytes else {
            return .refused(headTooLong)
        }
        let lineEnd = bytes.firstIndex(of: 0x0A) ?? end
        let line = String(decoding: bytes[..<lineEnd], as: UTF8.self).trimmingSuffix("\r")
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].hasPrefix("/"), parts[2].hasPrefix("HTTP/1.") else {
            return .refused(ScrapeReply(status: 400, reason: "Bad Request",
                                        text: "expected a request line like GET /metrics HTTP/1.1\n"))
        }
        return .head(method: String(parts[0]), target: String(parts[1]))
    }

    /// The index just past the blank line ending the head (`\r\n\r\n` or a bare `\n\n`), if it has arrived.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return index + 2 }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return index + 3 }
            }
            index += 1
        }
        return nil
    }
}

/// A complete HTTP/1.1 response from the metrics listener; every response closes the connection.
struct ScrapeReply: Equatable {
    var status: Int
    var reason: String
    var contentType = "text/plain; charset=utf-8"
    var headers: [(String, String)] = []
    var body: [UInt8]
    /// Whether the body is left out on the wire (a HEAD request); `Content-Length` still gives its size.
    var omitsBody = false

    init(status: Int, reason: String, text: String) {
        self.status = status
        self.reason = reason
        self.body = Array(text.utf8)
    }

    /// The answer to a complete request: the exposition for `GET /metrics` (and `HEAD`), 404 for other paths,
    /// 405 for other methods. `exposition` is called only when the metrics are asked for.
    static func answering(method: String, target: String, exposition: () -> String) -> ScrapeReply {
        let path = target.prefix { $0 != "?" }
        guard path == "/metrics" else {
            return ScrapeReply(status: 404, reason: "Not Found", text: "newsd serves its metrics at /metrics\n")
        }
        guard method == "GET" || method == "HEAD" else {
            var reply = ScrapeReply(status: 405, reason: "Method Not Allowed",
                                    text: "/metrics answers GET (and HEAD) only\n")
            reply.headers = [("Allow", "GET, HEAD")]
            return reply
        }
        var reply = ScrapeReply(status: 200, reason: "OK", text: exposition())
        reply.contentType = Exposition.contentType
        reply.omitsBody = method == "HEAD"
        return reply
    }

    /// Status line, headers and body as sent.
    var bytes: [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in headers {
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + (omitsBody ? [] : body)
    }

    static func == (left: ScrapeReply, right: ScrapeReply) -> Bool {
        left.bytes == right.bytes
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
