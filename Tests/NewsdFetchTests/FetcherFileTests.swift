import NewsdFetch
import NewsdTestSupport
import Testing

@Suite("Fetcher and file: URLs")
struct FetcherFileTests {
    @Test("a file: URL is refused unless the source allows it")
    func fileRefused() throws {
        let file = try TemporaryFile(named: "feed.xml", contents: Array("<rss/>".utf8))
        defer { file.remove() }

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: file.url, allowPrivateNetworks: true))
        }

        #expect(error?.kind == .protocolNotAllowed)
    }

    @Test("an allowed file: URL reads the file with status 200")
    func fileAllowed() throws {
        let file = try TemporaryFile(named: "feed.xml", contents: Array("<rss/>".utf8))
        defer { file.remove() }

        let response = try makeFetcher().fetch(FetchRequest(url: file.url, allowFileURLs: true))

        #expect(response.status == 200)
        #expect(response.body == Array("<rss/>".utf8))
    }

    @Test("a missing file fails as file not found")
    func fileMissing() throws {
        let file = try TemporaryFile(named: "present.xml", contents: [])
        defer { file.remove() }
        let missing = "file://" + file.directory.appendingPathComponent("absent.xml").path

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: missing, allowFileURLs: true))
        }

        #expect(error?.kind == .fileNotFound)
    }

    @Test("a redirect to a file: URL is refused even when file: URLs are allowed")
    func redirectToFileRefused() throws {
        let file = try TemporaryFile(named: "secret.txt", contents: Array("secret".utf8))
        defer { file.remove() }
        let server = try LoopbackHTTPServer { _ in .redirect(to: file.url) }
        defer { server.stop() }

        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(
                FetchRequest(url: server.url("/jump"), allowFileURLs: true, allowPrivateNetworks: true)
            )
        }

        #expect(error?.kind == .protocolNotAllowed)
    }
}
