import Foundation
import NewsdConfig
import NewsdExtract
import NewsdState

/// The site template the daemon learned for a source, read from the state directory for `newsd extract`.
enum StoredSiteTemplate {
    /// The source's template; an empty one when the daemon has not learned any yet (or the state directory does
    /// not exist), `nil` when the source turns templates off.
    static func load(for source: SourceConfiguration, stateDirectory: String) throws -> SiteTemplate? {
        guard source.siteTemplate.enabled else { return nil }
        let empty = SiteTemplate(settings: source.siteTemplate)
        guard FileManager.default.fileExists(atPath: StateStore.databasePath(in: stateDirectory)) else {
            return empty
        }
        let bytes: [UInt8]?
        do {
            bytes = try StateStore(directory: stateDirectory).siteTemplate(source: source.id)
        } catch {
            throw fail("\(error)")
        }
        guard let bytes else { return empty }
        do {
            return try SiteTemplate(decoding: bytes, settings: source.siteTemplate)
        } catch {
            printError("\(source.id): \(error)")
            return empty
        }
    }
}
