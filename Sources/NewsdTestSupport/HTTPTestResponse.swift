/// What the loopback server sends back for one request, including misbehaviour a fetcher must survive.
///
/// The server always answers with `Connection: close` and closes the connection after the response, so a body
/// without `Content-Length` is delimited by the close.
public struct HTTPTestResponse: Sendable {
    /// Sends the body a few bytes at a time with a pause between chunks, to exercise low-speed limits and timeouts.
    public struct Trickle: Sendable {
        /// How many body bytes to send at once (at least 1).
        public var chunkSize: Int
        /// How long the server waits after each chunk.
        public var delay: Duration

        /// Creates a trickle of `chunkSize` bytes every `delay`.
        public init(chunkSize: Int, delay: Duration) {
            self.chunkSize = max(1, chunkSize)
            self.delay = delay
        }
    }

    /// The status code, such as 200 or 304.
    public var status: Int
    /// Header fields to send; the server adds `Content-Length` (unless `sendsContentLength` is false or it is
    /// already present) and `Connection: close`.
    public var headers: HTTPTestHeaders
    /// The body bytes, sent exactly as given (encode them yourself when testing `Content-Encoding`).
    public var body: [UInt8]
    /// Whether the server adds `Content-Length`; when false the body ends when the connection closes.
    public var sendsContentLength: Bool
    /// When set, the body is sent in small chunks with a pause between them.
    public var trickle: Trickle?
    /// When true, the server reads the request and closes the connection without sending anything.
    public var closeWithoutResponse: Bool
    /// When set, sent as the status line (without its CRLF) instead of `HTTP/1.1 STATUS REASON`, to test how a
    /// client reads an unusual one, such as `HTTP/1.1 200` without a reason phrase. `status` is then ignored.
    public var statusLine: String?

    /// Creates a response.
    public init(
        status: Int = 200,
        headers: HTTPTestHeaders = [:],
        body: [UInt8] = [],
        sendsContentLength: Bool = true,
        trickle: Trickle? = nil,
        closeWithoutResponse: Bool = false,
        statusLine: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.sendsContentLength = sendsContentLength
        self.trickle = trickle
        self.closeWithoutResponse = closeWithoutResponse
        self.statusLine = statusLine
    }

    /// Creates a response whose body is `text` encoded as UTF-8.
    public init(status: Int = 200, headers: HTTPTestHeaders = [:], text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// A redirect to `location` (absolute or relative) with the given 3xx status.
    public static func redirect(to location: String, status: Int = 302) -> HTTPTestResponse {
        HTTPTestResponse(status: status, headers: ["Location": location])
    }

    /// A 404 Not Found with a short plain-text body.
    public static var notFound: HTTPTestResponse {
        HTTPTestResponse(status: 404, headers: ["Content-Type": "text/plain"], text: "not found\n")
    }
}
