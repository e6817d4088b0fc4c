/// Reads one HTTP/1.1 request (head and `Content-Length` body) from a connected socket.
struct HTTPRequestReader {
    /// Requests with a larger head are refused: a test server never needs more.
    static let maximumHeadBytes = 64 * 1024

    let descriptor: Int32

    /// The request, or `nil` when the peer closed early or sent something that is not an HTTP request.
    func read() -> HTTPTestRequest? {
        var buffer: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil {
            let chunk = Socket.read(descriptor, count: 4096)
            guard !chunk.isEmpty, buffer.count + chunk.count <= Self.maximumHeadBytes else { return nil }
            let searchStart = max(0, buffer.count - 3)
            buffer += chunk
            headEnd = Self.endOfHead(in: buffer, from: searchStart)
        }
        guard let headEnd, var request = Self.parseHead(buffer[..<headEnd]) else { return nil }
        let bodyLength = request.headers["Content-Length"].flatMap { Int($0) } ?? 0
        var body = Array(buffer[(headEnd + 4)...])
        while body.count < bodyLength {
            let chunk = Socket.read(descriptor, count: min(65536, bodyLength - body.count))
            guard !chunk.isEmpty else { return nil }
            body += chunk
        }
        request.body = Array(body.prefix(bodyLength))
        return request
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
