@testable import NewsdFetch
import Testing

@Suite("Fetch admission")
struct FetchAdmissionTests {
    let start = ContinuousClock.now

    func ticket(_ id: Int, _ url: String, host: String = "a:80", delay: Duration = .zero) -> FetchAdmission<String>.Ticket {
        FetchAdmission<String>.Ticket(id: id, url: url, key: url, host: host, hostDelay: delay)
    }

    @Test("fetches start at once while under both limits")
    func startsImmediately() {
        var admission = FetchAdmission<String>(maximumTransfers: 4, maximumPerHost: 2)
        #expect(admission.submit(ticket(1, "http://a/1"), now: start) == [.start(1)])
        #expect(admission.submit(ticket(2, "http://b/1", host: "b:80"), now: start) == [.start(2)])
    }

    @Test("a host at its limit holds its next fetch until one ends, without holding other hosts")
    func perHostLimit() {
        var admission = FetchAdmission<String>(maximumTransfers: 8, maximumPerHost: 1)
        _ = admission.submit(ticket(1, "http://a/1"), now: start)
        #expect(admission.submit(ticket(2, "http://a/2"), now: start) == [])
        #expect(admission.submit(ticket(3, "http://b/1", host: "b:80"), now: start) == [.start(3)])
        #expect(admission.finished(1, now: start) == [.start(2)])
    }

    @Test("the global limit holds fetches in submission order")
    func globalLimit() {
        var admission = FetchAdmission<String>(maximumTransfers: 1, maximumPerHost: 4)
        _ = admission.submit(ticket(1, "http://a/1"), now: start)
        _ = admission.submit(ticket(2, "http://b/1", host: "b:80"), now: start)
        _ = admission.submit(ticket(3, "http://c/1", host: "c:80"), now: start)
        #expect(admission.waitingCount == 2)
        #expect(admission.finished(1, now: start) == [.start(2)])
        #expect(admission.finished(2, now: start) == [.start(3)])
    }

    @Test("the host delay spaces the starts at one host and asks to be woken when it ends")
    func hostDelay() {
        var admission = FetchAdmission<String>(maximumTransfers: 8, maximumPerHost: 8)
        #expect(admission.submit(ticket(1, "http://a/1", delay: .seconds(2)), now: start) == [.start(1)])
        #expect(admission.submit(ticket(2, "http://a/2", delay: .seconds(2)), now: start + .seconds(1))
            == [.wakeUp(at: start + .seconds(2))])
        #expect(admission.tick(now: start + .milliseconds(1999)) == [.wakeUp(at: start + .seconds(2))])
        #expect(admission.tick(now: start + .seconds(2)) == [.start(2)])
    }

    @Test("the same request submitted twice joins the first instead of starting again")
    func identicalRequestsJoin() {
        var admission = FetchAdmission<String>(maximumTransfers: 8, maximumPerHost: 8)
        _ = admission.submit(ticket(1, "http://a/1"), now: start)
        #expect(admission.submit(ticket(2, "http://a/1"), now: start) == [.join(2, primary: 1)])
        #expect(admission.runningCount == 1)
    }

    @Test("a different request for a URL in flight waits for it to finish")
    func sameURLWaits() {
        var admission = FetchAdmission<String>(maximumTransfers: 8, maximumPerHost: 8)
        _ = admission.submit(ticket(1, "http://a/1"), now: start)
        var other = ticket(2, "http://a/1")
        other.key = "http://a/1 with validators"
        #expect(admission.submit(other, now: start) == [])
        #expect(admission.finished(1, now: start) == [.start(2)])
    }

    @Test("file URLs have no host and no host limits")
    func fileURLs() {
        var admission = FetchAdmission<String>(maximumTransfers: 8, maximumPerHost: 1)
        #expect(admission.submit(ticket(1, "file:///a", host: "", delay: .seconds(5)), now: start) == [.start(1)])
        #expect(admission.submit(ticket(2, "file:///b", host: "", delay: .seconds(5)), now: start) == [.start(2)])
    }

    @Test("host keys are lower-cased with the default port and without user information",
          arguments: [
              ("http://Example.COM/a", "example.com:80"), ("https://user:pw@example.com/", "example.com:443"),
              ("http://example.com:8080?q", "example.com:8080"), ("https://[::1]/x", "[::1]:443"),
              ("file:///etc/passwd", ""),
          ])
    func hostKeys(url: String, key: String) {
        #expect(URLHost.key(of: url) == key)
    }
}
