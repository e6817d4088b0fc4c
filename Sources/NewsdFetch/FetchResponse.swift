public import Foundation

/// A successful fetch: a 2xx (or a `file:` read) with its body, or a 304 without one.
public struct FetchResponse: Sendable, Equatable {
    /// The URL that was asked for.
    public var requestedURL: String
    /// The URL the body finally came from, after redirects; resolve relative links against this one.
    public var effectiveURL: String
    /// The final HTTP status; 200 for a `file:` read.
    public var status: Int
    /// The body after content decoding (gzip, deflate, br, zstd); empty for a 304.
    public var body: [UInt8]
    /// The final response's `ETag`, verbatim; keep the old one when a 304 leaves this `nil`.
    public var etag: String?
    /// The final response's `Last-Modified`, verbatim.
    public var lastModified: String?
    /// The media type of `Content-Type` without parameters, lower-cased, such as `application/rss+xml`.
    public var contentType: String?
    /// The `charset` parameter of `Content-Type` as sent, without quotes, such as `ISO-8859-1`.
    public var charset: String?
    /// The final URL when every redirect on the way was permanent (301 or 308): where the document now lives for
    /// good. `nil` without redirects, or when any redirect was temporary.
    public var movedPermanentlyTo: String?
    /// The final response's `Content-Location`, verbatim (it may be relative to ``effectiveURL``): where the body
    /// itself lives, which a feed's relative links resolve against when it declares no `xml:base`.
    public var contentLocation: String?
    /// The final response's `Content-Language`, verbatim, such as `en-US`: the feed's language when it declares
    /// none itself.
    public var contentLanguage: String?
    /// The final response's `Cache-Control`, verbatim (several fields joined with `, `); see ``freshness(now:)``.
    public var cacheControl: String?
    /// The final response's `Expires`, verbatim.
    public var expires: String?
    /// The final response's `Date`: the server's clock, which `Expires` is relative to.
    public var date: String?

    /// Creates a response; the fetcher builds these, tests of later stages may build them directly.
    public init(
        requestedURL: String,
        effectiveURL: String,
        status: Int,
        body: [UInt8],
        etag: String? = nil,
        lastModified: String? = nil,
        contentType: String? = nil,
        charset: String? = nil,
        movedPermanentlyTo: String? = nil,
        contentLocation: String? = nil,
        contentLanguage: String? = nil,
        cacheControl: String? = nil,
        expires: String? = nil,
        date: String? = nil
    ) {
        self.requestedURL = requestedURL
        self.effectiveURL = effectiveURL
        self.status = status
        self.body = body
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.charset = charset
        self.movedPermanentlyTo = movedPermanentlyTo
        self.contentLocation = contentLocation
        self.contentLanguage = contentLanguage
        self.cacheControl = cacheControl
        self.expires = expires
        self.date = date
    }

    /// How long the server says this response stays fresh (`Cache-Control: max-age`, else `Expires`), or `nil`
    /// when it gives no such hint; see ``ResponseFreshness``. A scheduler uses it as the earliest sensible re-poll.
    public func freshness(now: Date) -> Duration? {
        ResponseFreshness.lifetime(cacheControl: cacheControl, expires: expires, date: date, now: now)
    }

    /// Whether the server answered 304 Not Modified: the copy we have is current.
    public var isNotModified: Bool {
        status == 304
    }
}
