import NewsdExtract
import Yams

/// Reads a source's `rules.template:` mapping: whether its site template is learned, and its thresholds.
enum SiteTemplateReader {
    /// The fewest pages `pages` may remember: a template of fewer pages is too easily fooled by a run of one topic.
    static let fewestWindowPages = 8
    /// The most pages `pages` may remember, which with the per-page cap bounds a source's template in memory and
    /// in the state database (at most about 640 KB).
    static let mostWindowPages = 100
    /// The range of `share_percent`: below 20% a block on one page in five would count as the site's.
    static let sharePercents = 20...100

    /// The settings in `node` (a `template:` mapping, or `nil` for the defaults); bad values are reported and keep
    /// the default.
    static func read(_ node: Node?, file: String, problems: inout ProblemList) -> SiteTemplateSettings {
        let mapping = CheckedMapping(node, file: file, path: "rules.template", allowed: ConfigurationKeys.template,
                                     problems: &problems)
        var settings = SiteTemplateSettings()
        if let value = mapping.bool("enabled", problems: &problems) {
            settings.enabled = value
        }
        if let value = mapping.integer("pages", in: fewestWindowPages...mostWindowPages, problems: &problems) {
            settings.window = value
        }
        if let value = mapping.integer("share_percent", in: sharePercents, problems: &problems) {
            settings.sharePercent = value
        }
        let fewestPages = SiteTemplateSettings.fewestPages
        if let value = mapping.integer("min_pages", in: fewestPages...mostWindowPages, problems: &problems) {
            if value > settings.window {
                problems.add(file, at: mapping.mark(of: "min_pages"), key: mapping.keyPath("min_pages"),
                             "must be at most `pages` (\(settings.window)), got \(value); "
                                 + "the template would never remember enough pages to drop anything")
            } else {
                settings.minimumPages = value
            }
        }
        if settings.minimumPages > settings.window {
            settings.minimumPages = settings.window
        }
        return settings
    }
}
