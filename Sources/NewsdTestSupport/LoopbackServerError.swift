/// The loopback test server could not start: a socket call failed.
public struct LoopbackServerError: Error, CustomStringConvertible {
    /// The system call that failed, such as `bind`.
    public var operation: String
    /// The `errno` it left.
    public var errorNumber: Int32

    /// Creates an error for a failed system call.
    public init(operation: String, errorNumber: Int32) {
        self.operation = operation
        self.errorNumber = errorNumber
    }

    public var description: String {
        "the loopback HTTP test server could not start: \(operation) failed with errno \(errorNumber); "
            + "check that 127.0.0.1 is configured and the process may open sockets"
    }
}
