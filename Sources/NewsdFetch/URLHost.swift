/// The host part of a URL, as the per-host limits count it.
enum URLHost {
    /// `host:port` of an `http:` or `https:` URL, lower-cased, without user information; the empty string for
    /// `file:` URLs and anything without an authority, which no host limit applies to.
    static func key(of url: String) -> String {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return "" }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return "" }
        let rest = url[url.index(colon, offsetBy: 3)...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority[...]
        let host = hostAndPort.lowercased()
        guard !host.isEmpty else { return "" }
        if host.hasSuffix("]") || !host.contains(":") {
            return host + (scheme == "https" ? ":443" : ":80")
        }
        return host
    }
}
