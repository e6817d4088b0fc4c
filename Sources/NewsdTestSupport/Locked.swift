public import Foundation

/// A value guarded by a condition lock, shared between the server's threads and the test's thread.
///
/// `wait(until:)` lets a caller block until another thread changes the value so that a predicate holds; every
/// `withLock` wakes such waiters.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value, then wakes every thread blocked in `wait(until:)`.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Blocks until `predicate` holds or `deadline` (if any) passes; returns whether the predicate held.
    @discardableResult
    public func wait(until predicate: (Value) -> Bool, deadline: Date? = nil) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !predicate(value) {
            guard let deadline else {
                condition.wait()
                continue
            }
            if !condition.wait(until: deadline) {
                return predicate(value)
            }
        }
        return true
    }
}
