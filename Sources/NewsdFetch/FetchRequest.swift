/// One document to fetch, with the validators of the copy we already have and the source's permissions.
public struct FetchRequest: Sendable, Hashable {
    /// The absolute `http:`, `https:` or (when `allowFileURLs`) `file:` URL.
    public var url: String
    /// The `ETag` from the previous fetch, sent back verbatim as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` from the previous fetch, sent back verbatim as `If-Modified-Since`.
    public var lastModified: String?
    /// The `User-Agent` header.
    public var userAgent: String
    /// Whether a `file:` URL may be read (for local sources and tests). Redirects never lead to `file:`.
    public var allowFileURLs: Bool
    /// Whether the URL, or any redirect, may reach loopback, link-local, private or other non-public addresses.
    /// Checked on the resolved address as each socket opens (see ``AddressPolicy``).
    public var allowPrivateNetworks: Bool
    /// Timeouts, speed and size limits, redirects.
    public var settings: FetchLimits
    /// Further request headers, by name; sent in name order after the validators. Values containing a line
    /// break are not sent.
    public var extraHeaders: [String: String]
    /// Cookies sent with every request of the fetch (redirects included), by name, in name order.
    public var cookies: [String: String]

    /// Creates a request; only the URL is required.
    public init(
        url: String,
        etag: String? = nil,
        lastModified: String? = nil,
        userAgent: String = "newsd",
        allowFileURLs: Bool = false,
        allowPrivateNetworks: Bool = false,
        settings: FetchLimits = FetchLimits(),
        extraHeaders: [String: String] = [:],
        cookies: [String: String] = [:]
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.userAgent = userAgent
        self.allowFileURLs = allowFileURLs
        self.allowPrivateNetworks = allowPrivateNetworks
        self.settings = settings
        self.extraHeaders = extraHeaders
        self.cookies = cookies
    }

}
