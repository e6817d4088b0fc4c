import Foundation

/// The metrics of one process: families registered once at start, rendered in registration order.
///
/// Registering is rare (start-up) and takes the registry's lock; updating a family takes only that family's lock.
/// A name may be registered once: a second registration is a programming error.
public final class MetricsRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var families: [MetricFamily] = []

    public init() {}

    /// A counter family (`name` ends in `_total`) with these label names.
    @discardableResult
    public func counter(_ name: String, help: String, labels: [String] = []) -> MetricFamily {
        register(MetricFamily(name: name, help: help, kind: .counter, labelNames: labels, read: nil))
    }

    /// A gauge family with these label names, set by its owner.
    @discardableResult
    public func gauge(_ name: String, help: String, labels: [String] = []) -> MetricFamily {
        register(MetricFamily(name: name, help: help, kind: .gauge, labelNames: labels, read: nil))
    }

    /// A family whose series are read from `read` at every scrape; `read` must be quick and must not block on the
    /// daemon's busy queues.
    @discardableResult
    public func family(_ name: String, help: String, kind: MetricKind, labels: [String] = [],
                       read: @escaping @Sendable () -> [MetricSample]) -> MetricFamily
    {
        register(MetricFamily(name: name, help: help, kind: kind, labelNames: labels, read: read))
    }

    /// A single-series family read from `read` at every scrape.
    @discardableResult
    public func family(_ name: String, help: String, kind: MetricKind,
                       read: @escaping @Sendable () -> Double) -> MetricFamily
    {
        family(name, help: help, kind: kind, labels: []) { [MetricSample(value: read())] }
    }

    /// Drops, in every family labelled `label`, the series whose value for it is not in `keeping`.
    public func retainSeries(label: String, keeping: Set<String>) {
        for family in lock.withLock({ families }) {
            guard let position = family.labelNames.firstIndex(of: label) else { continue }
            family.removeSeries { !keeping.contains($0[position]) }
        }
    }

    /// The text exposition format 0.0.4 of every family, in registration order.
    public func exposition() -> String {
        Exposition.render(lock.withLock { families })
    }

    private func register(_ family: MetricFamily) -> MetricFamily {
        lock.withLock {
            precondition(!families.contains { $0.name == family.name }, "metric \(family.name) registered twice")
            families.append(family)
        }
        return family
    }
}
