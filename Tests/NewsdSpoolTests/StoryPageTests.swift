import Foundation
import Testing
@testable import NewsdSpool

@Suite("StoryRecord's page details")
struct StoryPageTests {
    static let page = StoryPage(
        standfirst: "Traffic is back two days early.", pullQuotes: ["We worked weekends."],
        modified: Date(timeIntervalSince1970: 1_795_426_800.5), section: "City",
        leadImage: "https://courier.example/img/bridge.jpg", siteName: "The Courier", access: .paywalled,
        isAccessibleForFree: false, hasPaywalledSection: true, bylines: ["Ann Lee", "Bo Park"])

    @Test("a record with page details survives encoding and decoding unchanged")
    func roundTrip() throws {
        var record = Sample.record()
        record.page = Self.page
        #expect(try StoryRecord.decode(from: record.encoded()) == record)
    }

    @Test("the page object is written with snake_case keys, every optional present")
    func keys() throws {
        var record = Sample.record()
        record.page = StoryPage()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(record.encoded())) as? [String: Any])
        let page = try #require(json["page"] as? [String: Any])
        #expect(Set(page.keys) == [
            "standfirst", "pull_quotes", "modified", "section", "lead_image", "site_name", "access",
            "is_accessible_for_free", "has_paywalled_section", "bylines",
        ])
        #expect(page["access"] as? String == "open")
        #expect(page["standfirst"] is NSNull)
    }

    @Test("a record written before the page details decodes with no page")
    func olderRecord() throws {
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(Sample.record().encoded())) as? [String: Any])
        json["page"] = nil
        let bytes = Array(try JSONSerialization.data(withJSONObject: json))
        #expect(try StoryRecord.decode(from: bytes).page == nil)
    }

    @Test("a page object written before the paywalled-section flag and the bylines list reads them as false and empty")
    func olderPage() throws {
        var record = Sample.record()
        record.page = Self.page
        var json = try #require(try JSONSerialization.jsonObject(with: Data(record.encoded())) as? [String: Any])
        var page = try #require(json["page"] as? [String: Any])
        page["has_paywalled_section"] = nil
        page["bylines"] = nil
        json["page"] = page
        let decoded = try StoryRecord.decode(from: Array(try JSONSerialization.data(withJSONObject: json)))
        #expect(decoded.page?.hasPaywalledSection == false)
        #expect(decoded.page?.bylines == [])
        #expect(decoded.page?.section == "City")
    }
}
