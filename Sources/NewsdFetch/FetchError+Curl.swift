internal import CCurl

extension FetchError.Kind {
    /// The kind a failed transfer's `CURLcode` stands for (body-limit aborts are decided by the caller, which
    /// knows whether its callback refused the body).
    init(curlCode code: CURLcode) {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            self = .timedOut
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .couldNotResolveHost
        case CURLE_COULDNT_CONNECT:
            self = .couldNotConnect
        case CURLE_TOO_MANY_REDIRECTS:
            self = .tooManyRedirects
        case CURLE_UNSUPPORTED_PROTOCOL:
            self = .protocolNotAllowed
        case CURLE_FILE_COULDNT_READ_FILE:
            self = .fileNotFound
        default:
            self = .transfer(code: Int(code.rawValue))
        }
    }
}
