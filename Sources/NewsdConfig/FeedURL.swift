import Foundation

/// Checks one feed URL from a source file and makes it absolute.
///
/// `http:` and `https:` URLs must have a host and are kept as written. `file:///abs/path` is kept as written;
/// `file:/abs/path` and `file:relative/path` (relative to the source file's directory) become
/// `file:///absolute/normalised/path`. Every other scheme is refused.
enum FeedURL {
    /// A feed URL that passed the checks.
    struct Resolved: Equatable {
        /// The absolute URL.
        var url: String
        /// Whether it is a `file:` URL, which the source must allow with `allow_file_urls: true`.
        var isFile: Bool
    }

    /// Why a feed URL was refused, as the rest of a problem message.
    struct Refusal: Error, Equatable {
        var message: String
    }

    /// Checks `text` and resolves it against `sourceDirectory`, the directory of the source file.
    static func resolve(_ text: String, sourceDirectory: String) -> Result<Resolved, Refusal> {
        guard !text.contains(where: \.isWhitespace) else {
            return .failure(Refusal(message: "a URL cannot contain spaces; write them as %20"))
        }
        guard let colon = text.firstIndex(of: ":"), isScheme(text[..<colon]) else {
            return .failure(Refusal(message:
                "expected an absolute URL starting with https://, http:// or file:, got \"\(text)\""))
        }
        let scheme = text[..<colon].lowercased()
        let rest = String(text[text.index(after: colon)...])
        switch scheme {
        case "http", "https":
            guard rest.hasPrefix("//"), let url = URL(string: text), let host = url.host, !host.isEmpty else {
                return .failure(Refusal(message: "\"\(text)\" is not a valid \(scheme) URL: it needs a host, "
                    + "as in \(scheme)://example.com/feed.xml"))
            }
            return .success(Resolved(url: text, isFile: false))
        case "file":
            return resolveFile(rest, original: text, sourceDirectory: sourceDirectory)
        default:
            return .failure(Refusal(message:
                "URL scheme '\(scheme)' is not supported; feeds must be http, https or file URLs"))
        }
    }

    private static func resolveFile(
        _ rest: String,
        original: String,
        sourceDirectory: String
    ) -> Result<Resolved, Refusal> {
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let host = afterSlashes.prefix(while: { $0 != "/" })
            let path = afterSlashes.dropFirst(host.count)
            guard host.isEmpty || host.lowercased() == "localhost", !path.isEmpty, path != "/" else {
                return .failure(Refusal(message: "\"\(original)\" is not a local file URL; write "
                    + "file:///absolute/path or file:path/relative/to/this/file"))
            }
            return .success(Resolved(url: host.isEmpty ? original : "file://" + path, isFile: true))
        }
        guard !rest.isEmpty, let path = rest.removingPercentEncoding else {
            return .failure(Refusal(message: "\"\(original)\" names no file; write "
                + "file:///absolute/path or file:path/relative/to/this/file"))
        }
        let absolute = PathResolution.absolute(path, relativeTo: sourceDirectory)
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
        return .success(Resolved(url: "file://" + encoded, isFile: true))
    }

    /// RFC 3986: a letter, then letters, digits, `+`, `-` or `.`.
    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }
}
