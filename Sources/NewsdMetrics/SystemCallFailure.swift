#if canImport(Glibc)
import Glibc
#endif

/// A system call that failed: which operation, and `errno`.
public struct SystemCallFailure: Sendable, Equatable, CustomStringConvertible {
    /// What was being done (`bind`, `rename /x/.newsd.prom.12.tmp to it`).
    public var operation: String
    public var errorNumber: Int32

    /// `bind failed: Address already in use`.
    public var description: String {
        "\(operation) failed: \(String(cString: strerror(errorNumber)))"
    }
}
