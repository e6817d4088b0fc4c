public import Foundation

/// One HTTP request as the loopback server received it.
public struct HTTPTestRequest: Sendable {
    /// The request method, such as `GET`.
    public var method: String
    /// The request target as sent: the path with its query, such as `/feed.xml?page=2`.
    public var path: String
    /// The request's header fields.
    public var headers: HTTPTestHeaders
    /// The request body (read up to its `Content-Length`; chunked request bodies are not supported).
    public var body: [UInt8]
    /// When the server finished reading the request: tests of politeness delays compare these.
    public var receivedAt: Date

    /// Creates a request; the server builds these, tests may build them to call a handler directly.
    public init(method: String, path: String, headers: HTTPTestHeaders = [:], body: [UInt8] = [],
                receivedAt: Date = Date())
    {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }

    /// The path without its query string, such as `/feed.xml`.
    public var pathWithoutQuery: String {
        path.firstIndex(of: "?").map { String(path[..<$0]) } ?? path
    }

    /// The query string without the `?`, or `nil` when the target has none.
    public var query: String? {
        path.firstIndex(of: "?").map { String(path[path.index(after: $0)...]) }
    }
}
