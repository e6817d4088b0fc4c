import Foundation

/// What a family measures, as the exposition format's `# TYPE` line names it.
public enum MetricKind: String, Sendable {
    /// Only ever goes up (restarting at zero with the process); its name ends in `_total`.
    case counter
    /// Goes up and down: a level, a count of things now, a time.
    case gauge
}

/// One named metric with a fixed set of label names, holding one value per combination of label values.
///
/// Updates take the family's own lock for a dictionary update, so families do not contend with each other and a
/// scrape holds each lock only while it copies that family's values. A family created with a `read` closure holds
/// no values: it asks the closure at every scrape (a queue depth, a directory's size, a count kept elsewhere).
public final class MetricFamily: @unchecked Sendable {
    /// The metric's name, e.g. `newsd_fetches_total`.
    public let name: String
    /// The `# HELP` text: what the metric counts and in which unit.
    public let help: String
    public let kind: MetricKind
    /// The label names, in the order values are given.
    public let labelNames: [String]

    private let lock = NSLock()
    private var values: [[String]: Double] = [:]
    private let read: (@Sendable () -> [MetricSample])?

    init(name: String, help: String, kind: MetricKind, labelNames: [String],
         read: (@Sendable () -> [MetricSample])?)
    {
        precondition(MetricName.isValid(name), "metric name \(name) is not a valid Prometheus name")
        precondition(kind != .counter || name.hasSuffix("_total"), "counter \(name) must end in _total")
        precondition(labelNames.allSatisfy(MetricName.isValidLabel), "invalid label name in \(labelNames)")
        self.name = name
        self.help = help
        self.kind = kind
        self.labelNames = labelNames
        self.read = read
        if labelNames.isEmpty && read == nil {
            values[[]] = 0   // a family without labels has its one series from the start
        }
    }

    /// Adds `amount` (not negative for a counter) to the series with these label values, creating it at zero.
    public func increment(_ labelValues: [String] = [], by amount: Double = 1) {
        precondition(labelValues.count == labelNames.count, "\(name) takes labels \(labelNames)")
        precondition(kind != .counter || amount >= 0, "counter \(name) cannot go down")
        lock.withLock { values[labelValues, default: 0] += amount }
    }

    /// Sets the series with these label values (gauges only).
    public func set(_ labelValues: [String] = [], to value: Double) {
        precondition(labelValues.count == labelNames.count, "\(name) takes labels \(labelNames)")
        precondition(kind == .gauge, "only a gauge can be set; \(name) is a counter")
        lock.withLock { values[labelValues] = value }
    }

    /// The current value of one series, `nil` if it does not exist (tests, and gauges that add to themselves).
    public func value(_ labelValues: [String] = []) -> Double? {
        lock.withLock { values[labelValues] }
    }

    /// Drops the series whose label values `shouldRemove` accepts: a source removed from the configuration must not
    /// go on reporting its last values.
    public func removeSeries(where shouldRemove: ([String]) -> Bool) {
        lock.withLock { values = values.filter { !shouldRemove($0.key) } }
    }

    /// Every series now, sorted by label values so scrapes list them in a stable order.
    func samples() -> [MetricSample] {
        if let read {
            return read().sorted { $0.labelValues.lexicographicallyPrecedes($1.labelValues) }
        }
        let copy = lock.withLock { values }
        return copy.map { MetricSample(labelValues: $0.key, value: $0.value) }
            .sorted { $0.labelValues.lexicographicallyPrecedes($1.labelValues) }
    }
}

/// One series' value at a scrape.
public struct MetricSample: Sendable, Equatable {
    /// Values for the family's label names, in their order.
    public var labelValues: [String]
    public var value: Double

    public init(labelValues: [String] = [], value: Double) {
        self.labelValues = labelValues
        self.value = value
    }
}

/// The exposition format's rules for metric and label names.
enum MetricName {
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func isValid(_ name: String) -> Bool {
        valid(name, colon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved for Prometheus itself).
    static func isValidLabel(_ name: String) -> Bool {
        valid(name, colon: false) && !name.hasPrefix("__")
    }

    private static func valid(_ name: String, colon: Bool) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || (colon && byte == 0x3A)
        }
        return letter(first) && name.utf8.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
