public import Logging

/// Exposes a registry the ways ``MetricsSettings`` asks for: a loopback listener, a node_exporter textfile, or both.
public final class MetricsExporter: Sendable {
    /// The listener, when `listen` is set; its ``MetricsListener/address`` has the port actually bound.
    public let listener: MetricsListener?
    /// The textfile writer, when `textfile` is set.
    public let textfile: TextfileWriter?

    /// Binds the listener and writes the textfile once, logging where the metrics are.
    ///
    /// - Throws: ``MetricsExposureError`` naming the address or file that failed; nothing is left running then.
    public init(settings: MetricsSettings, registry: MetricsRegistry, logger: Logger) throws(MetricsExposureError) {
        let exposition: @Sendable () -> String = { registry.exposition() }
        if let address = settings.listen {
            do {
                listener = try MetricsListener(address: address, exposition: exposition)
            } catch {
                throw .listener(error)
            }
        } else {
            listener = nil
        }
        if let path = settings.textfile {
            do {
                textfile = try TextfileWriter(path: path, interval: settings.textfileInterval, exposition: exposition,
                                              failed: { error in logger.warning("\(error)") })
            } catch {
                listener?.close()
                throw .textfile(error)
            }
        } else {
            textfile = nil
        }
        if let listener {
            logger.info("serving metrics", metadata: ["address": "\(listener.address)",
                                                      "url": "http://\(listener.address)/metrics"])
        }
        if let textfile {
            logger.info("writing metrics for node_exporter's textfile collector",
                        metadata: ["file": "\(textfile.path)",
                                  "interval_seconds": "\(textfile.interval.components.seconds)"])
        }
    }

    /// Writes the textfile a last time and stops serving.
    public func stop() {
        textfile?.stop()
        textfile?.writeNow()
        listener?.close()
    }

    /// Writes the textfile now (after `newsd once`, whose run is shorter than the interval).
    public func flush() {
        textfile?.writeNow()
    }
}

/// Metrics could not be exposed as configured.
public enum MetricsExposureError: Error, Sendable, CustomStringConvertible {
    case listener(MetricsListenerError)
    case textfile(TextfileError)

    /// The address or file concerned.
    public var place: String {
        switch self {
        case .listener(let error): "\(error.address)"
        case .textfile(let error): error.path
        }
    }

    public var description: String {
        switch self {
        case .listener(let error): "\(error)"
        case .textfile(let error): "\(error)"
        }
    }
}
