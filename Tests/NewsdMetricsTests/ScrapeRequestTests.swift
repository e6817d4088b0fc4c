@testable import NewsdMetrics
import Testing

@Suite("Scrape requests")
struct ScrapeRequestTests {
    @Test("a head is incomplete until its blank line arrives")
    func incomplete() {
        #expect(ScrapeRequest.parse(Array("GET /metrics HTTP/1.1\r\nHost: x\r\n".utf8)) == .incomplete)
        #expect(ScrapeRequest.parse(Array("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                    == .head(method: "GET", target: "/metrics"))
    }

    @Test("a head longer than the limit is refused with 431, whether or not it has ended")
    func tooLong() {
        let long = "GET /metrics HTTP/1.1\r\nX-Filler: " + String(repeating: "a", count: ScrapeRequest.maximumHeadBytes)
        guard case .refused(let open) = ScrapeRequest.parse(Array(long.utf8)),
              case .refused(let ended) = ScrapeRequest.parse(Array((long + "\r\n\r\n").utf8))
        else {
            Issue.record("an over-long head was not refused")
            return
        }
        #expect(open.status == 431)
        #expect(ended.status == 431)
    }

    @Test("a request line that is not METHOD TARGET HTTP/1.x is refused with 400")
    func badRequestLine() {
        guard case .refused(let reply) = ScrapeRequest.parse(Array("hello\r\n\r\n".utf8)) else {
            Issue.record("a bad request line was accepted")
            return
        }
        #expect(reply.status == 400)
    }

    @Test("GET /metrics gets the exposition as text/plain version 0.0.4; a query string is ignored")
    func metrics() {
        let reply = ScrapeReply.answering(method: "GET", target: "/metrics?x=1") { "up 1\n" }
        #expect(reply.status == 200)
        #expect(reply.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(reply.body == Array("up 1\n".utf8))
    }

    @Test("HEAD /metrics gets the headers without the body")
    func head() {
        let reply = ScrapeReply.answering(method: "HEAD", target: "/metrics") { "up 1\n" }
        let text = String(decoding: reply.bytes, as: UTF8.self)
        #expect(text.hasSuffix("Content-Length: 5\r\nConnection: close\r\n\r\n"))
    }

    @Test("other paths get 404 without rendering the metrics")
    func notFound() {
        let reply = ScrapeReply.answering(method: "GET", target: "/") {
            Issue.record("rendered for a 404")
            return ""
        }
        #expect(reply.status == 404)
    }

    @Test("other methods on /metrics get 405 with an Allow header")
    func methodNotAllowed() {
        let reply = ScrapeReply.answering(method: "POST", target: "/metrics") { "" }
        #expect(reply.status == 405)
        #expect(String(decoding: reply.bytes, as: UTF8.self).contains("Allow: GET, HEAD\r\n"))
    }
}
