import NewsdMetrics
import Yams

/// Reads `newsd.yaml`'s `metrics:` mapping: where the daemon serves or writes its Prometheus metrics.
enum MetricsSettingsReader {
    /// The settings in `node` (`nil` when `metrics:` is absent: no metrics exposed); bad values are reported and
    /// left unset. Relative textfile paths resolve against `directory`, the config file's.
    static func read(_ node: Node?, file: String, directory: String, problems: inout ProblemList)
        -> MetricsSettings
    {
        let mapping = CheckedMapping(node, file: file, path: "metrics", allowed: ConfigurationKeys.metrics,
                                     problems: &problems)
        var settings = MetricsSettings()
        if let text = mapping.string("listen", problems: &problems) {
            do {
                settings.listen = try ListenAddress(parsing: text)
            } catch {
                problems.add(file, at: mapping.mark(of: "listen"), key: mapping.keyPath("listen"), "\(error)")
            }
        }
        if let text = mapping.string("textfile", problems: &problems) {
            let path = PathResolution.absolute(text, relativeTo: directory)
            if path.hasSuffix(".prom") {
                settings.textfile = path
            } else {
                problems.add(file, at: mapping.mark(of: "textfile"), key: mapping.keyPath("textfile"),
                             "node_exporter's textfile collector reads only files ending in .prom, got \"\(text)\"; "
                                 + "name the file like /var/lib/node_exporter/textfile/newsd.prom")
            }
        }
        if let interval = mapping.duration("textfile_interval", atLeast: MetricsSettings.minimumTextfileInterval,
                                           problems: &problems)
        {
            if mapping.node("textfile") == nil {
                problems.add(file, at: mapping.mark(of: "textfile_interval"),
                             key: mapping.keyPath("textfile_interval"),
                             "only applies to a metrics textfile; set `textfile` too, or remove this key")
            }
            settings.textfileInterval = interval
        }
        let isEmptyMapping = node?.isNull == true || node?.mapping?.isEmpty == true
        if isEmptyMapping {
            problems.add(file, at: mapping.mark, key: "metrics",
                         "set `listen` (like 127.0.0.1:9464) and/or `textfile` (a .prom file), or remove `metrics:`")
        }
        return settings
    }
}
