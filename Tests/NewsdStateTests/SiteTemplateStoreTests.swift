import Foundation
import Testing
import NewsdState

@Suite("StateStore site templates")
struct SiteTemplateStoreTests {
    @Test("a source without a saved template has none")
    func noTemplate() throws {
        try withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory)
            #expect(try store.siteTemplate(source: "ledger") == nil)
        }
    }

    @Test("a saved template reads back byte for byte after reopening, per source, the latest save winning")
    func roundTrip() throws {
        try withTemporaryDirectory { directory in
            let date = Date(timeIntervalSince1970: 1_800_000_000)
            do {
                let store = try StateStore(directory: directory)
                try store.saveSiteTemplate([1, 2, 3], source: "ledger", at: date)
                try store.saveSiteTemplate(Array(0...255), source: "ledger", at: date)
                try store.saveSiteTemplate([9], source: "courier", at: date)
            }
            let reopened = try StateStore(directory: directory)
            #expect(try reopened.siteTemplate(source: "ledger") == Array(0...255))
            #expect(try reopened.siteTemplate(source: "courier") == [9])
        }
    }
}
