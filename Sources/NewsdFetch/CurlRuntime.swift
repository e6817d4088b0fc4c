internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// libcurl's process-wide initialisation, done once, on first use, from any thread.
enum CurlRuntime {
    /// `CURLE_OK`, or why `curl_global_init` failed; computed exactly once (Swift's lazy statics are thread-safe).
    static let initialization: CURLcode = {
        initializeOpenSSLWithoutExitHandler()
        return curl_global_init(Int(CURL_GLOBAL_ALL))
    }()

    /// The `Content-Encoding`s libcurl can decode here: `gzip` and `deflate` always (zlib), `br` and `zstd` when
    /// libcurl was built with them. Requests offer exactly these (`Accept-Encoding`).
    static let decoders: Set<String> = {
        _ = initialization
        var names: Set<String> = []
        // CURLVERSION_NOW is a macro Swift does not import; it stands for CURLVERSION_ELEVENTH in curl 7.88.
        guard let info = curl_version_info(CURLVERSION_ELEVENTH) else { return names }
        let features = info.pointee.features
        if features & CURL_VERSION_LIBZ != 0 { names.formUnion(["gzip", "deflate"]) }
        if features & CURL_VERSION_BROTLI != 0 { names.insert("br") }
        if features & CURL_VERSION_ZSTD != 0 { names.insert("zstd") }
        return names
    }()

    /// Initialises OpenSSL with `OPENSSL_INIT_NO_ATEXIT` before libcurl does, so OpenSSL registers no exit handler
    /// that could free its state while other threads still clean up curl handles (the double free
    /// FoundationNetworking avoids the same way).
    ///
    /// The symbol is looked up at run time in the libcrypto that libcurl already loaded, so the module needs no
    /// link dependency on OpenSSL; with another TLS backend the symbol is absent and this does nothing.
    private static func initializeOpenSSLWithoutExitHandler() {
        #if os(Linux)
        typealias InitCrypto = @convention(c) (UInt64, UnsafeRawPointer?) -> Int32
        let openSSLInitNoAtExit: UInt64 = 0x0008_0000
        guard let symbol = dlsym(nil, "OPENSSL_init_crypto") else { return }
        _ = unsafeBitCast(symbol, to: InitCrypto.self)(openSSLInitNoAtExit, nil)
        #endif
    }
}
