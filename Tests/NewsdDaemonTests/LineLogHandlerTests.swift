@testable import NewsdDaemon
import Logging
import Testing

@Suite("Log lines")
struct LineLogHandlerTests {
    @Test("text from a feed cannot start a forged log line")
    func lineBreaksEscaped() {
        #expect(LineLogHandler.escapingLineBreaks("page http://x/\n<0>forged") == "page http://x/\\n<0>forged")
        #expect(LineLogHandler.escapingLineBreaks("a\r\nb\rc") == "a\\r\\nb\\rc")
    }

    @Test("metadata values with spaces, quotes or line breaks are quoted and escaped")
    func metadataQuoted() {
        #expect(LineLogHandler.quoted("plain") == "plain")
        #expect(LineLogHandler.quoted("two words") == "\"two words\"")
        #expect(LineLogHandler.quoted("say \"hi\"\nnext") == "\"say \\\"hi\\\"\\nnext\"")
    }

    @Test("journald priorities follow syslog's numbering")
    func priorities() {
        #expect(LineLogHandler.priority(.error) == 3)
        #expect(LineLogHandler.priority(.warning) == 4)
        #expect(LineLogHandler.priority(.debug) == 7)
    }
}
