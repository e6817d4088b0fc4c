public import Logging

/// Fetches documents over HTTP(S) (and `file:` where a source allows it) with libcurl.
///
/// Blocking: `fetch(_:)` runs the whole transfer on the calling thread, with one easy handle per call, so it may be
/// called from any number of threads at once. A later engine drives many transfers from one Dispatch queue with a
/// multi handle; it reuses `CurlEasy` for everything except `curl_easy_perform`.
public final class Fetcher: Sendable {
    private let logger: Logger

    /// Creates a fetcher that logs each fetch at debug level.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Fetches `request.url`, following redirects, and returns the final 2xx or 304 response.
    ///
    /// - Throws: `FetchError` for transport failures, limits, disallowed schemes, and every status other than 2xx
    ///   and 304 (`.httpStatus`, carrying `Retry-After`).
    public func fetch(_ request: FetchRequest) throws(FetchError) -> FetchResponse {
        let result: Result<FetchResponse, FetchError>
        do {
            let easy = try CurlEasy(request: request)
            result = easy.complete(easy.perform())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let response):
            logger.debug(
                "fetched",
                metadata: [
                    "url": "\(request.url)",
                    "status": "\(response.status)",
                    "effective_url": "\(response.effectiveURL)",
                    "bytes": "\(response.body.count)",
                ]
            )
            return response
        case .failure(let error):
            var metadata: Logger.Metadata = ["url": "\(request.url)", "error": "\(error.kind)"]
            if case .httpStatus(let status, _) = error.kind {
                metadata["status"] = "\(status)"
            }
            logger.debug("fetch failed", metadata: metadata)
            throw error
        }
    }
}
