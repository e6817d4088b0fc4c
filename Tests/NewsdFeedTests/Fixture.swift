import Foundation
import NewsdFeed
import Testing

/// The feed documents under `Fixtures/`, written for these tests.
enum Fixture {
    static func bytes(_ name: String, _ fileExtension: String = "xml", in folder: String? = nil) throws -> [UInt8] {
        let subdirectory = folder.map { "Fixtures/\($0)" } ?? "Fixtures"
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: subdirectory),
            "missing fixture \(name).\(fileExtension)")
        return Array(try Data(contentsOf: url))
    }

    static func feed(_ name: String, _ fileExtension: String = "xml", in folder: String? = nil, url: String,
                     charset: String? = nil) throws -> Feed {
        try FeedParser().parse(bytes(name, fileExtension, in: folder), url: url, charset: charset)
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
