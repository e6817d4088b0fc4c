public import Dispatch

/// A value that may only be touched on one serial queue, checked on every access (like NIO's `NIOLoopBound`).
///
/// The check turns a confinement rule that a comment would only state into one that fails loudly in tests.
public final class QueueBound<Value>: @unchecked Sendable {
    public let queue: DispatchQueue
    private var _value: Value

    public init(_ value: Value, queue: DispatchQueue) {
        self.queue = queue
        self._value = value
    }

    /// The value; the caller must be running on ``queue``.
    public var value: Value {
        get {
            dispatchPrecondition(condition: .onQueue(queue))
            return _value
        }
        _modify {
            dispatchPrecondition(condition: .onQueue(queue))
            yield &_value
        }
    }
}
