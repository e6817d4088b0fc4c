import Foundation
import NewsdConfig
import NewsdExtract

/// The configuration a running daemon works from, with each enabled source's extractor; a reload replaces both at
/// once. Lock-protected: passes read it on their worker threads while a reload writes it.
final class ActiveConfiguration: @unchecked Sendable {
    private let lock = NSLock()
    private var configuration: NewsdConfiguration
    private var extractors: [String: ArticleExtractor]
    private var sourcesChanged: (@Sendable ([SourceConfiguration], ConfigurationChange) -> Void)?

    init(_ configuration: NewsdConfiguration, extractors: [String: ArticleExtractor]) {
        self.configuration = configuration
        self.extractors = extractors
    }

    /// The configuration now.
    var current: NewsdConfiguration {
        lock.withLock { configuration }
    }

    /// An enabled source's settings and extractor, with the configuration they belong to; `nil` once the source
    /// is removed or switched off.
    func source(_ id: String) -> (NewsdConfiguration, SourceConfiguration, ArticleExtractor)? {
        lock.withLock {
            guard let source = configuration.enabledSources.first(where: { $0.id == id }),
                  let extractor = extractors[id]
            else { return nil }
            return (configuration, source, extractor)
        }
    }

    /// Who learns of source changes after a reload: the running daemon's scheduling (its timers, its pass queue).
    /// `nil` while the daemon does not run.
    func observeSources(_ observer: (@Sendable ([SourceConfiguration], ConfigurationChange) -> Void)?) {
        lock.withLock { sourcesChanged = observer }
    }

    /// Replaces the configuration and extractors, then tells the observer (outside the lock) what changed.
    func replace(with new: NewsdConfiguration, extractors: [String: ArticleExtractor]) -> ConfigurationChange {
        let (change, observer) = lock.withLock {
            let change = ConfigurationChange(from: configuration, to: new)
            configuration = new
            self.extractors = extractors
            return (change, sourcesChanged)
        }
        observer?(new.enabledSources, change)
        return change
    }
}
