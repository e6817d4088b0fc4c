/// A parsed `Content-Type` header: the media type and its `charset` parameter.
struct ContentType: Equatable {
    /// The media type, lower-cased, without parameters, such as `text/html`; `nil` when the header has none.
    var mediaType: String?
    /// The `charset` parameter as sent, without quotes.
    var charset: String?

    /// Parses `text/html; charset="ISO-8859-1"` and the like; unknown parameters are ignored.
    init(parsing value: String) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingHTTPWhitespace() }
        let type = parts.first ?? ""
        mediaType = type.isEmpty ? nil : type.lowercased()
        charset = nil
        for parameter in parts.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = parameter[..<equals].trimmingHTTPWhitespace().lowercased()
            var argument = parameter[parameter.index(after: equals)...].trimmingHTTPWhitespace()
            if argument.count >= 2, argument.hasPrefix("\""), argument.hasSuffix("\"") {
                argument = String(argument.dropFirst().dropLast())
            }
            if name == "charset", !argument.isEmpty {
                charset = argument
            }
        }
    }
}
