/// Reads a source's `headers:` and `cookies:`, refusing what could break or hijack a request.
enum RequestIdentityReader {
    /// Headers newsd sets itself; a source may not replace them (`User-Agent` is `user_agent` in newsd.yaml,
    /// `Cookie` is `cookies:`).
    static let reservedHeaders: Set<String> = [
        "host", "content-length", "transfer-encoding", "connection", "te", "upgrade", "if-none-match",
        "if-modified-since", "accept-encoding", "user-agent", "cookie",
    ]

    /// The source's extra headers, by name; bad entries are reported and left out.
    static func headers(_ mapping: CheckedMapping, problems: inout ProblemList) -> [String: String] {
        var headers: [String: String] = [:]
        for entry in mapping.stringMapping("headers", problems: &problems) ?? [] {
            if !isToken(entry.name) {
                problems.add(mapping.file, at: entry.mark, key: entry.keyPath,
                             "not a valid header name: use letters, digits and - (like `Accept-Language`)")
            } else if reservedHeaders.contains(entry.name.lowercased()) {
                let advice = switch entry.name.lowercased() {
                case "user-agent": "set `user_agent` in newsd.yaml"
                case "cookie": "list cookies under `cookies:`"
                default: "newsd sets this header itself"
                }
                problems.add(mapping.file, at: entry.mark, key: entry.keyPath, "cannot be set here; \(advice)")
            } else if entry.value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
                problems.add(mapping.file, at: entry.mark, key: entry.keyPath,
                             "the value must be one line without control characters")
            } else {
                headers[entry.name] = entry.value
            }
        }
        return headers
    }

    /// The source's cookies, by name; bad entries are reported and left out.
    static func cookies(_ mapping: CheckedMapping, problems: inout ProblemList) -> [String: String] {
        var cookies: [String: String] = [:]
        for entry in mapping.stringMapping("cookies", problems: &problems) ?? [] {
            if !isToken(entry.name) {
                problems.add(mapping.file, at: entry.mark, key: entry.keyPath,
                             "not a valid cookie name: use letters, digits, - and _")
            } else if !entry.value.unicodeScalars.allSatisfy(isCookieOctet) {
                problems.add(mapping.file, at: entry.mark, key: entry.keyPath, "the value may not contain spaces, "
                    + "control characters, quotes, commas, semicolons or backslashes (RFC 6265 cookie-octets)")
            } else {
                cookies[entry.name] = entry.value
            }
        }
        return cookies
    }

    /// An HTTP token (RFC 9110 `tchar`s).
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }

    private static func isCookieOctet(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value < 0x7F && !"\",;\\".unicodeScalars.contains(scalar)
    }
}
