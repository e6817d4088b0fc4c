/// How the daemon exposes its metrics (`metrics:` in newsd.yaml). Both ways may be on at once; neither is the default.
public struct MetricsSettings: Sendable, Equatable {
    /// The textfile interval when `textfile_interval` is not set.
    public static let defaultTextfileInterval: Duration = .seconds(15)
    /// The shortest `textfile_interval`: node_exporter reads the file at each of its own scrapes, rarely faster.
    public static let minimumTextfileInterval: Duration = .seconds(1)

    /// Where to serve `GET /metrics` over HTTP (`listen`), always a loopback address.
    public var listen: ListenAddress?
    /// The file to keep rewriting for node_exporter's textfile collector (`textfile`, absolute, ending in `.prom`).
    public var textfile: String?
    /// How often the textfile is rewritten (`textfile_interval`).
    public var textfileInterval: Duration

    public init(listen: ListenAddress? = nil, textfile: String? = nil,
                textfileInterval: Duration = MetricsSettings.defaultTextfileInterval)
    {
        self.listen = listen
        self.textfile = textfile
        self.textfileInterval = textfileInterval
    }

    /// Whether metrics are exposed at all.
    public var isEnabled: Bool { listen != nil || textfile != nil }
}
