/// A fetch that produced no usable response, with the URL and what to do about it.
public struct FetchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, in terms the daemon can act on (back off, mark the source unhealthy, tell the user).
    public enum Kind: Sendable, Equatable {
        /// The connection, the whole transfer, or the low-speed window ran out of time.
        case timedOut
        /// The body was (or was announced to be) larger than `limit` bytes.
        case bodyTooLarge(limit: Int)
        /// The URL's scheme, or a redirect's, is not allowed (only http and https; `file:` when the source allows
        /// it) or not supported by libcurl.
        case protocolNotAllowed
        /// The host name did not resolve.
        case couldNotResolveHost
        /// The host resolved but refused or did not accept the connection.
        case couldNotConnect
        /// The host resolved to a loopback, private, link-local or otherwise non-public address (given as text),
        /// and the source does not allow private networks.
        case privateAddressRefused(String)
        /// The redirect chain was longer than `maxRedirects` (or looped).
        case tooManyRedirects
        /// The server answered with a status other than 2xx or 304; `retryAfter` is its `Retry-After`, verbatim.
        case httpStatus(Int, retryAfter: String?)
        /// A `file:` URL names a file that does not exist or cannot be read.
        case fileNotFound
        /// Any other transfer failure; `code` is libcurl's `CURLcode`.
        case transfer(code: Int)
        /// The daemon is stopping and cancelled the fetch before it finished (``Fetcher/cancelAll()``); nothing is
        /// wrong with the URL, and the work it was for is redone on the next start.
        case stopping
    }

    /// The URL that was asked for.
    public var url: String
    /// What went wrong.
    public var kind: Kind
    /// libcurl's own words, or ours, on what happened (for logs; may be empty).
    public var detail: String

    /// Creates an error.
    public init(url: String, kind: Kind, detail: String) {
        self.url = url
        self.kind = kind
        self.detail = detail
    }

    /// What went wrong with which URL, and what to do about it.
    public var description: String {
        let because = detail.isEmpty ? "" : " (\(detail))"
        switch kind {
        case .timedOut:
            return "fetching \(url) timed out\(because); if the site is merely slow, raise fetch.timeout, "
                + "fetch.connect_timeout or fetch.low_speed_time in the source file"
        case .bodyTooLarge(let limit):
            return "\(url) is larger than the \(limit)-byte limit\(because); if the document is legitimately "
                + "this large, raise fetch.max_body_bytes in the source file"
        case .protocolNotAllowed:
            return "\(url) uses a scheme newsd may not fetch\(because); newsd fetches http and https, file: only "
                + "for sources with allow_file_urls: true, and never follows a redirect to file:"
        case .couldNotResolveHost:
            return "could not resolve the host of \(url)\(because); check the URL's spelling and the machine's DNS"
        case .couldNotConnect:
            return "could not connect to \(url)\(because); the server may be down or unreachable from here; "
                + "newsd tries again at the next interval"
        case .privateAddressRefused(let address):
            return "refused to connect to \(address) for \(url): it is not a public address, and fetching a "
                + "private one could expose internal services; if this source is really on a private network, set "
                + "allow_private_networks: true in its source file"
        case .tooManyRedirects:
            return "\(url) redirected too many times\(because); open it in a browser to find the final address "
                + "(or a redirect loop) and put that in the source file, or raise fetch.max_redirects"
        case .httpStatus(let status, let retryAfter):
            return "\(url) answered HTTP \(status)\(because); " + Self.advice(status: status, retryAfter: retryAfter)
        case .fileNotFound:
            return "cannot read \(url)\(because); check the path (a relative file: path resolves against the "
                + "source file's directory) and the file's permissions"
        case .transfer(let code):
            return "fetching \(url) failed with libcurl error \(code)\(because); newsd tries again at the next "
                + "interval; if the error persists, check the URL with curl -v"
        case .stopping:
            return "fetching \(url) was cancelled because newsd is stopping\(because); it is fetched again after "
                + "the next start"
        }
    }

    private static func advice(status: Int, retryAfter: String?) -> String {
        switch status {
        case 401, 403:
            return "the server refuses access; check whether the feed needs another URL or is no longer public"
        case 404, 410:
            return "the document is gone; update or remove the URL in the source file"
        case 429, 503:
            let wait = retryAfter.map { " (Retry-After: \($0))" } ?? ""
            return "the server asks newsd to slow down\(wait); newsd backs off, or raise the source's interval"
        case 500...599:
            return "the server failed; newsd tries again at the next interval"
        default:
            return "newsd accepts only 2xx and 304; check the URL in a browser"
        }
    }
}
