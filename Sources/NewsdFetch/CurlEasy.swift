internal import CCurl
internal import CNewsdShim

/// One libcurl easy handle configured for one `FetchRequest`: the only type that touches curl memory.
///
/// It owns the `CURL *`, the error buffer, the request header list and the `ResponseAssembler` the callbacks
/// write into (handed to C as unretained `Unmanaged` userdata; this object keeps it alive). ``FetchEngine`` adds
/// the handle to its multi handle and, when libcurl reports the transfer done, calls `complete(_:)` with the final
/// `CURLcode` to get the response or the error. Confined to the engine's queue.
final class CurlEasy {
    let request: FetchRequest
    /// The `CURL *`, for the multi handle.
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let assembler: ResponseAssembler
    private let connectionGuard: ConnectionGuard

    /// Creates and configures the handle; fails when libcurl cannot be initialised or rejects an option.
    ///
    /// `closeSocket` (with `closeSocketData`) closes the sockets of the handle's connections; libcurl keeps it with
    /// each connection, so the data must outlive the connection pool, not just this handle.
    /// `socketOpened` learns each socket the handle opens.
    init(request: FetchRequest, closeSocket: curl_closesocket_callback,
         closeSocketData: UnsafeMutableRawPointer, socketOpened: @escaping (Int32) -> Void) throws(FetchError) {
        let initialization = CurlRuntime.initialization
        guard initialization == CURLE_OK else {
            throw FetchError(url: request.url, kind: .transfer(code: Int(initialization.rawValue)),
                             detail: "curl_global_init failed: \(Self.message(for: initialization))")
        }
        guard let handle = curl_easy_init() else {
            throw FetchError(url: request.url, kind: .transfer(code: Int(CURLE_FAILED_INIT.rawValue)),
                             detail: "curl_easy_init failed")
        }
        self.request = request
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        self.assembler = ResponseAssembler(maxBodyBytes: request.settings.maxBodyBytes)
        self.connectionGuard = ConnectionGuard(allowsPrivateNetworks: request.allowPrivateNetworks,
                                               opened: socketOpened)
        try configure()
        try check(cnewsd_easy_setopt_closesocket_function(handle, closeSocket), CURLOPT_CLOSESOCKETFUNCTION)
        try check(cnewsd_easy_setopt_pointer(handle, CURLOPT_CLOSESOCKETDATA, closeSocketData),
                  CURLOPT_CLOSESOCKETDATA)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// The response of a finished transfer, or the error its `CURLcode` or HTTP status stands for.
    func complete(_ code: CURLcode) -> Result<FetchResponse, FetchError> {
        let status = responseCode()
        guard code == CURLE_OK else {
            return .failure(FetchError(url: request.url, kind: failureKind(code, status: status), detail: detail(code)))
        }
        let headers = assembler.headers
        guard (200..<300).contains(status) || status == 304 else {
            let kind = FetchError.Kind.httpStatus(status, retryAfter: headers.retryAfter)
            return .failure(FetchError(url: request.url, kind: kind, detail: ""))
        }
        let contentType = headers.contentType.map(ContentType.init(parsing:))
        let finalURL = effectiveURL() ?? request.url
        return .success(
            FetchResponse(
                requestedURL: request.url,
                effectiveURL: finalURL,
                status: status,
                body: status == 304 ? [] : assembler.body,
                etag: headers.etag,
                lastModified: headers.lastModified,
                contentType: contentType?.mediaType,
                charset: contentType?.charset,
                movedPermanentlyTo: assembler.movedPermanently && finalURL != request.url ? finalURL : nil,
                contentLocation: headers.contentLocation,
                contentLanguage: headers.contentLanguage,
                cacheControl: headers.cacheControl,
                expires: headers.expires,
                date: headers.date
            )
        )
    }

    // MARK: Configuration

    private func configure() throws(FetchError) {
        let limits = request.settings
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_PROTOCOLS_STR, request.allowFileURLs ? "http,https,file" : "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 1)
        try set(CURLOPT_MAXREDIRS, max(0, limits.maxRedirects))
        try set(CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeout.curlTimeoutMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, limits.totalTimeout.curlTimeoutMilliseconds)
        try set(CURLOPT_LOW_SPEED_LIMIT, max(0, limits.lowSpeedLimit))
        try set(CURLOPT_LOW_SPEED_TIME, limits.lowSpeedLimit > 0 ? limits.lowSpeedTime.curlLowSpeedSeconds : 0)
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_USERAGENT, request.userAgent)
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        // Fewer, larger reads per socket event (the curl tool's own default): each event costs a Dispatch re-arm.
        try set(CURLOPT_BUFFERSIZE, 102_400)
        // Over TLS, wait for a connection that may turn out to multiplex (HTTP/2) rather than open another; plain
        // http is HTTP/1.1 here, where waiting would only serialise requests.
        try set(CURLOPT_PIPEWAIT, request.url.lowercased().hasPrefix("https:") ? 1 : 0)
        if !request.cookies.isEmpty {
            let cookies = request.cookies.sorted { $0.key < $1.key }
                .filter { !$0.key.containsLineBreak && !$0.value.containsLineBreak }
                .map { "\($0.key)=\($0.value)" }
            try set(CURLOPT_COOKIE, cookies.joined(separator: "; "))
        }
        try check(cnewsd_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
        try configureHeaders()
        try configureCallbacks()
    }

    private func configureHeaders() throws(FetchError) {
        var lines: [String] = []
        if let etag = request.etag, !etag.containsLineBreak {
            lines.append("If-None-Match: \(etag)")
        }
        if let lastModified = request.lastModified, !lastModified.containsLineBreak {
            lines.append("If-Modified-Since: \(lastModified)")
        }
        for (name, value) in request.extraHeaders.sorted(by: { $0.key < $1.key })
        where !name.containsLineBreak && !value.containsLineBreak && !name.contains(":") {
            lines.append("\(name): \(value)")
        }
        for line in lines {
            guard let extended = curl_slist_append(headerList, line) else {
                throw FetchError(url: request.url, kind: .transfer(code: Int(CURLE_OUT_OF_MEMORY.rawValue)),
                                 detail: "could not build the request headers")
            }
            headerList = extended
        }
        if let headerList {
            try check(cnewsd_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), CURLOPT_HTTPHEADER)
        }
    }

    private func configureCallbacks() throws(FetchError) {
        let userdata = Unmanaged.passUnretained(assembler).toOpaque()
        let writeBody: curl_write_callback = { data, size, count, userdata in
            let assembler = Unmanaged<ResponseAssembler>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            return assembler.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        }
        let writeHeader: curl_write_callback = { data, size, count, userdata in
            let assembler = Unmanaged<ResponseAssembler>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            return assembler.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        }
        try check(cnewsd_easy_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, writeBody), CURLOPT_WRITEFUNCTION)
        try check(cnewsd_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata), CURLOPT_WRITEDATA)
        try check(
            cnewsd_easy_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, writeHeader),
            CURLOPT_HEADERFUNCTION
        )
        try check(cnewsd_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, userdata), CURLOPT_HEADERDATA)

        let openSocket: curl_opensocket_callback = { clientp, _, address in
            guard let clientp, let address else { return -1 }
            return Unmanaged<ConnectionGuard>.fromOpaque(clientp).takeUnretainedValue().openSocket(for: address)
        }
        try check(cnewsd_easy_setopt_opensocket_function(handle, openSocket), CURLOPT_OPENSOCKETFUNCTION)
        try check(
            cnewsd_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA,
                                       Unmanaged.passUnretained(connectionGuard).toOpaque()),
            CURLOPT_OPENSOCKETDATA
        )
    }

    private func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(cnewsd_easy_setopt_long(handle, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        // libcurl copies string options, so the temporary C string may go away after the call.
        try check(cnewsd_easy_setopt_string(handle, option, value), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(FetchError) {
        guard code == CURLE_OK else {
            throw FetchError(url: request.url, kind: .transfer(code: Int(code.rawValue)),
                             detail: "libcurl rejected option \(option.rawValue): \(Self.message(for: code))")
        }
    }

    // MARK: Results

    /// The final HTTP status; a `file:` read (status 0) counts as 200.
    private func responseCode() -> Int {
        var code = 0
        _ = cnewsd_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        if code == 0, let status = assembler.headers.status {
            return status
        }
        return code == 0 ? 200 : code
    }

    private func effectiveURL() -> String? {
        var url: UnsafeMutablePointer<CChar>?
        guard cnewsd_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK, let url else {
            return nil
        }
        return String(cString: url)
    }

    private func failureKind(_ code: CURLcode, status: Int) -> FetchError.Kind {
        if let refusal = assembler.refusal {
            let finalStatus = assembler.headers.status ?? status
            if refusal == .exceeded, !(200..<300).contains(finalStatus) {
                return .httpStatus(finalStatus, retryAfter: assembler.headers.retryAfter)
            }
            return .bodyTooLarge(limit: request.settings.maxBodyBytes)
        }
        if code == CURLE_COULDNT_CONNECT, let address = connectionGuard.refusedAddress {
            return .privateAddressRefused(address)
        }
        return FetchError.Kind(curlCode: code)
    }

    private func detail(_ code: CURLcode) -> String {
        switch assembler.refusal {
        case .announced(let length):
            return "the server announced \(length) bytes (Content-Length)"
        case .exceeded:
            return "the body passed \(request.settings.maxBodyBytes) bytes"
        case nil:
            let buffer = String(cString: errorBuffer)
            return buffer.isEmpty ? Self.message(for: code) : buffer
        }
    }

    private static func message(for code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}

extension Duration {
    /// The longest time limit newsd hands libcurl; longer ones are cut to it (see `FetchLimits`).
    static let longestCurlLimit: Duration = .seconds(86_400)

    /// The duration in whole milliseconds (rounded down), kept within 1 ms … 1 day, for libcurl's `_MS` timeouts.
    ///
    /// libcurl reads 0 as "no limit", so zero, negative and sub-millisecond durations become 1 ms, and anything
    /// from a day up becomes a day instead of overflowing `Int`.
    var curlTimeoutMilliseconds: Int {
        guard self < Self.longestCurlLimit else { return Int(Self.longestCurlLimit.components.seconds) * 1000 }
        guard self > .zero else { return 1 }
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// The duration in whole seconds (rounded up), kept within 1 s … 1 day, for `CURLOPT_LOW_SPEED_TIME`.
    var curlLowSpeedSeconds: Int {
        guard self < Self.longestCurlLimit else { return Int(Self.longestCurlLimit.components.seconds) }
        guard self > .zero else { return 1 }
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
