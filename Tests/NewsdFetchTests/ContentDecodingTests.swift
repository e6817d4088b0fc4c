import Foundation
@testable import NewsdFetch
import NewsdTestSupport
import Testing

@Suite("Content decoding and charsets")
struct ContentDecodingTests {
    /// Fetches a body sent with `Content-Encoding: encoding` and returns what the fetcher decoded.
    func decoded(_ body: [UInt8], encoding: String) throws -> String {
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(headers: ["Content-Encoding": encoding, "Content-Type": "text/plain"], body: body)
        }
        defer { server.stop() }
        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/"), allowPrivateNetworks: true))
        #expect(server.requests.first?.headers["Accept-Encoding"]?.contains(encoding) == true)
        return String(decoding: response.body, as: UTF8.self)
    }

    @Test("a brotli-encoded body is decoded", .enabled(if: CurlRuntime.decoders.contains("br")))
    func brotli() throws {
        #expect(try decoded(brotliFixture, encoding: "br") == brotliFixturePlainText)
    }

    @Test("a zstd-encoded body is decoded", .enabled(if: CurlRuntime.decoders.contains("zstd")))
    func zstd() throws {
        #expect(try decoded(zstdFixture, encoding: "zstd") == zstdFixturePlainText)
    }

    @Test("a wrong charset in Content-Type is handed on as sent, the body left as it came")
    func wrongCharset() throws {
        let latin1: [UInt8] = Array("<p>caf".utf8) + [0xE9] + Array("</p>".utf8)
        let server = try LoopbackHTTPServer { _ in
            HTTPTestResponse(headers: ["Content-Type": "text/html; charset=utf-8"], body: latin1)
        }
        defer { server.stop() }

        let response = try makeFetcher().fetch(FetchRequest(url: server.url("/"), allowPrivateNetworks: true))

        #expect(response.charset == "utf-8")
        #expect(response.body == latin1)
    }

    @Test("a host name that cannot be resolved fails as such")
    func unresolvableHost() throws {
        // A label over 63 bytes is refused by the resolver itself, so no DNS query leaves the machine.
        let host = String(repeating: "a", count: 64) + ".invalid"
        let error = #expect(throws: FetchError.self) {
            try makeFetcher().fetch(FetchRequest(url: "http://\(host)/feed.xml"))
        }
        #expect(error?.kind == .couldNotResolveHost)
    }
}

/// `brotli.compress(brotliFixturePlainText, quality=11)`, made once with Python's brotli module.
let brotliFixture: [UInt8] = [
    0x1b, 0x6f, 0x00, 0x60, 0x8c, 0xd4, 0x62, 0xad, 0xb3, 0x33, 0xa4, 0xdb, 0xbc, 0xde, 0x1d, 0x57, 0xfc, 0x7d, 0x5f,
    0x61, 0x86, 0x20, 0x0c, 0xcc, 0xc0, 0x0a, 0x05, 0x0f, 0xb8, 0xe8, 0xe7, 0xc4, 0x78, 0x73, 0x62, 0xfc, 0x00, 0x0f,
    0x59, 0x88, 0xcf, 0xcc, 0x34, 0x11, 0x3c, 0x5f, 0x30, 0x83, 0xe9, 0x06, 0xb5, 0xca, 0x1b, 0xab, 0x3f, 0x90, 0xe4,
    0x52, 0x8a, 0xb2, 0x50, 0xcd, 0x07, 0xc1, 0xed, 0xe3, 0x3f, 0x08, 0x77, 0x63, 0xa4, 0x16,
]

let brotliFixturePlainText =
    "newsd brotli fixture: the quick brown fox jumps over the lazy dog. the quick brown fox jumps over the lazy dog.\n"

/// `zstandard.ZstdCompressor(level=19).compress(zstdFixturePlainText)`, made once with Python's zstandard module.
let zstdFixture: [UInt8] = [
    0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x6e, 0x15, 0x02, 0x00, 0xc2, 0x83, 0x0d, 0x11, 0x90, 0x7d, 0x50, 0xfa, 0x43, 0xe9,
    0x0f, 0xad, 0x74, 0xbb, 0xbb, 0x16, 0x8b, 0x93, 0xc7, 0x30, 0x03, 0x20, 0x20, 0x68, 0x5c, 0xef, 0xd1, 0xe6, 0x5f,
    0xe8, 0x34, 0x3a, 0xbb, 0x3c, 0xc3, 0xe3, 0x0f, 0xc3, 0x49, 0x9c, 0x15, 0x65, 0xa5, 0x7f, 0xaa, 0x2e, 0x7e, 0xda,
    0x9a, 0xd5, 0x71, 0x53, 0xe9, 0x76, 0x43, 0xf1, 0xbf, 0x02, 0x00, 0x42, 0x65, 0x8e, 0x08, 0x41, 0x41, 0x01,
]

let zstdFixturePlainText =
    "newsd zstd fixture: the quick brown fox jumps over the lazy dog. the quick brown fox jumps over the lazy dog.\n"
