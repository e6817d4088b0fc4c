import Foundation

extension LoopbackHTTPServer {
    /// A server for the files under `directory`: `GET /a/b.xml` answers with `directory/a/b.xml`.
    ///
    /// `routes` is checked first, by the full request path (with query) and then by the path alone, so a test can
    /// override single URLs (a redirect, an error status, a trickle). Missing files and paths leaving the directory
    /// get 404. Content types: `.xml` `application/xml`, `.html`/`.htm` `text/html`, `.json` `application/json`,
    /// `.txt` `text/plain`, anything else `application/octet-stream`; no charset is claimed, so files keep
    /// whatever encoding they declare themselves.
    public static func serving(
        directory: String,
        routes: [String: HTTPTestResponse] = [:]
    ) throws(LoopbackServerError) -> LoopbackHTTPServer {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        return try LoopbackHTTPServer { request in
            if let response = routes[request.path] ?? routes[request.pathWithoutQuery] {
                return response
            }
            guard let relative = request.pathWithoutQuery.removingPercentEncoding,
                !relative.split(separator: "/").contains("..")
            else {
                return .notFound
            }
            let file = root.appendingPathComponent(String(relative.drop(while: { $0 == "/" })))
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let contents = FileManager.default.contents(atPath: file.path)
            else {
                return .notFound
            }
            let headers: HTTPTestHeaders = ["Content-Type": contentType(of: file.pathExtension)]
            return HTTPTestResponse(headers: headers, body: [UInt8](contents))
        }
    }

    /// The media type the directory server sends for a file extension.
    static func contentType(of pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "xml": "application/xml"
        case "html", "htm": "text/html"
        case "json": "application/json"
        case "txt": "text/plain"
        default: "application/octet-stream"
        }
    }
}
