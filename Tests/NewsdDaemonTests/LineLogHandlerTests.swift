@testable import NewsdDaemon
import Foundation
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

@Suite("JSON log lines")
struct JSONLogLineTests {
    private let time = Date(timeIntervalSince1970: 1_795_429_888)

    @Test("an event is one object: time, level, syslog priority, message, then each metadata key as a field")
    func fields() {
        let line = JSONLogLine.render(time: time, level: .warning, message: "feed failed",
                                      metadata: ["source": "harbor-times", "url": "http://x/feed.xml"])
        #expect(line == #"{"time":"2026-11-23T10:31:28Z","level":"warning","priority":4,"message":"feed failed","#
            + #""source":"harbor-times","url":"http://x/feed.xml"}"#)
    }

    @Test("under journald the time is left out, as in the text format")
    func noTimeUnderJournald() {
        let line = JSONLogLine.render(time: nil, level: .info, message: "m", metadata: [:])
        #expect(line == #"{"level":"info","priority":6,"message":"m"}"#)
    }

    @Test("under journald a JSON line starts with the <N> priority, so journalctl -p filters JSON logs too")
    func journaldPriorityPrefix() {
        let line = LineLogHandler.line(.json, time: nil, level: .warning, message: "m", metadata: [:])
        #expect(line == #"<4>{"level":"warning","priority":4,"message":"m"}"#)
        let elsewhere = LineLogHandler.line(.json, time: time, level: .warning, message: "m", metadata: [:])
        #expect(elsewhere.hasPrefix("{"))
    }

    @Test("quotes, backslashes, line breaks and control characters from a feed are escaped")
    func escaping() throws {
        let hostile = "say \"hi\"\\\n{\"level\":\"critical\"}\r\t\u{1}"
        let line = JSONLogLine.render(time: nil, level: .error, message: hostile, metadata: ["problem": "\(hostile)"])
        #expect(!line.contains("\n") && !line.contains("\r"))
        #expect(JSONLogLine.quoted("a\u{1}b") == #""a\u0001b""#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == hostile)
        #expect(object["problem"] as? String == hostile)
        #expect(object["level"] as? String == "error")
    }

    @Test("a metadata key named like a fixed field does not overwrite it")
    func collidingKey() throws {
        let line = JSONLogLine.render(time: nil, level: .info, message: "m", metadata: ["level": "forged"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["_level"] as? String == "forged")
    }

    @Test("nested metadata stays structured")
    func nested() {
        let line = JSONLogLine.render(time: nil, level: .debug, message: "m",
                                      metadata: ["ids": ["a", "b"], "counts": ["x": "1"]])
        #expect(line.hasSuffix(#""counts":{"x":"1"},"ids":["a","b"]}"#))
    }
}
