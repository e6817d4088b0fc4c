/// Writes an `HTTPTestResponse` to a connected socket, trickling the body when asked.
struct HTTPResponseWriter {
    let descriptor: Int32

    /// Writes the response; `pause` sleeps between trickled chunks and returns false when the server is stopping.
    /// Returns false when the peer went away or the server stopped mid-body.
    @discardableResult
    func write(_ response: HTTPTestResponse, includeBody: Bool, pause: (Duration) -> Bool) -> Bool {
        guard Socket.write(descriptor, Self.head(of: response)[...]) else { return false }
        guard includeBody, !response.body.isEmpty else { return true }
        guard let trickle = response.trickle else { return Socket.write(descriptor, response.body[...]) }
        var offset = 0
        while offset < response.body.count {
            let end = min(offset + trickle.chunkSize, response.body.count)
            guard Socket.write(descriptor, response.body[offset..<end]) else { return false }
            offset = end
            if offset < response.body.count, !pause(trickle.delay) { return false }
        }
        return true
    }

    /// The status line (the response's own, if it has one) and header fields, with `Content-Length` and
    /// `Connection: close` added.
    static func head(of response: HTTPTestResponse) -> [UInt8] {
        var headers = response.headers
        if response.sendsContentLength, !headers.contains("Content-Length") {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        if !headers.contains("Connection") {
            headers.add(name: "Connection", value: "close")
        }
        let statusLine = response.statusLine ?? "HTTP/1.1 \(response.status) \(reasonPhrase(for: response.status))"
        var text = statusLine + "\r\n"
        for field in headers {
            text += "\(field.name): \(field.value)\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// A reason phrase for the status codes tests use; anything else gets a generic one.
    static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status \(status)"
        }
    }
}
