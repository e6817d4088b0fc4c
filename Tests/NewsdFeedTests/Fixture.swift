import Foundation
import NewsdFeed
import Testing

/// The feed documents under `Fixtures/`, written for these tests.
enum Fixture {
    static func bytes(_ name: String, _ fileExtension: String = "xml") throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: "Fixtures"),
            "missing fixture \(name).\(fileExtension)")
        return Array(try Data(contentsOf: url))
    }

    static func feed(_ name: String, url: String, charset: String? = nil) throws -> Feed {
        try FeedParser().parse(bytes(name), url: url, charset: charset)
    }
}

/// Parses an inline document.
func parseFeed(_ text: String, url: String = "https://feeds.example/feed.xml") throws -> Feed {
    try FeedParser().parse(Array(text.utf8), url: url)
}

/// An instant written as ISO 8601 in UTC, parsed by Foundation as an independent check on ``NewsDate``.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".")
        ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { preconditionFailure("bad test date \(text)") }
    return date
}
