/// Reads one HTTP/1.1 request (head and `Content-Length` body) from a connected socket.
struct HTTPRequestReader {
    /// What reading a connection produced.
    enum Outcome {
        /// A complete request, body included.
        case request(HTTPTestRequest)
        /// A request the server answers with 400 Bad Request and then closes, for the reason given.
        case badRequest(reason: String)
        /// The peer closed early or sent something that is not an HTTP request: the connection is just closed.
        case closed
    }

    /// Requests with a larger head are refused: a test server never needs more.
    static let maximumHeadBytes = 64 * 1024

    let descriptor: Int32

    /// Reads the request's head and its `Content-Length` body.
    func read() -> Outcome {
        var buffer: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil {
            let chunk = Socket.read(descriptor, count: 4096)
            guard !chunk.isEmpty, buffer.count + chunk.count <= Self.maximumHeadBytes else { return .closed }
            let searchStart = max(0, buffer.count - 3)
            buffer += chunk
            headEnd = Self.endOfHead(in: buffer, from: searchStart)
        }
        guard let headEnd, var request = Self.parseHead(buffer[..<headEnd]) else { return .closed }
        guard let bodyLength = Self.bodyLength(announcedBy: request.headers["Content-Length"]) else {
            return .badRequest(reason: "Content-Length is not a whole number of bytes")
        }
        var body = Array(buffer[(headEnd + 4)...])
        while body.count < bodyLength {
            let chunk = Socket.read(descriptor, count: min(65536, bodyLength - body.count))
            guard !chunk.isEmpty else { return .closed }
            body += chunk
        }
        request.body = Array(body.prefix(bodyLength))
        return .request(request)
    }

    /// The body length a `Content-Length` value announces: 0 without one, `nil` unless it is only digits and fits
    /// an `Int` (so a negative or garbled length is refused, never trusted).
    static func bodyLength(announcedBy value: String?) -> Int? {
        guard let value else { return 0 }
        guard !value.isEmpty, value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return Int(value)
    }

    /// The index of the `\r\n\r\n` that ends the head, searching from `start`.
    private static func endOfHead(in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in start...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Parses the request line and header fields.
    private static func parseHead(_ head: ArraySlice<UInt8>) -> HTTPTestRequest? {
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/") else { return nil }
        var headers = HTTPTestHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingWhitespace()
            )
        }
        return HTTPTestRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
