import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a directory, held for as long as the value lives: `flock` on `DIR/.newsd.lock`.
///
/// newsd's exactly-once spooling assumes one writer per state and spool directory: a second process recovering
/// the spool would take the first one's staged files for strays. The lock turns that assumption into an error a
/// person can act on. The lock file holds the owner's pid, for that message. The kernel releases the lock when the
/// process dies, so a `kill -9` never leaves a stale lock.
final class DirectoryLock: Sendable {
    /// The name of the lock file inside the locked directory.
    static let fileName = ".newsd.lock"

    let path: String
    private let descriptor: Int32

    /// How long a daemon waits for a lock another holder is about to release before it gives up.
    ///
    /// A holder that is exiting (a `newsd once` from cron finishing as the next starts, or a lock file's descriptor
    /// briefly duplicated into a child process between its `fork` and `exec`) releases within milliseconds; a running
    /// daemon never does, and the wait only delays the error that names it.
    static let defaultPatience: Duration = .seconds(2)

    /// Takes the lock of an existing directory (the state store and the spool writer create theirs), or fails
    /// naming the process that holds it once `patience` has passed without the lock coming free. `pause` waits
    /// between attempts (tests pass one that releases the holder instead).
    init(directory: String, patience: Duration = DirectoryLock.defaultPatience,
         pause: (Duration) -> Void = DirectoryLock.sleep) throws(DirectoryLockError) {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DirectoryLockError(path: path, reason: .cannotOpen(String(cString: strerror(errno))))
        }
        guard Self.lock(descriptor, patience: patience, pause: pause) else {
            let holder = Self.readPID(descriptor)
            close(descriptor)
            throw DirectoryLockError(path: directory, reason: .heldByAnotherProcess(pid: holder))
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        self.descriptor = descriptor
    }

    /// Tries the exclusive lock until it is taken or `patience` has passed, pausing from 1 ms up to 100 ms between
    /// attempts (`flock` itself can only wait forever or not at all).
    private static func lock(_ descriptor: Int32, patience: Duration, pause: (Duration) -> Void) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: patience)
        var step: Duration = .milliseconds(1)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            let remaining = clock.now.duration(to: deadline)
            guard error == EWOULDBLOCK || error == EINTR, remaining > .zero else { return false }
            pause(min(step, remaining))
            step = min(step * 2, .milliseconds(100))
        }
        return true
    }

    /// Sleeps for `duration`.
    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var interval = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        _ = nanosleep(&interval, nil)
    }

    deinit {
        close(descriptor)
    }

    static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// The process holding a directory's ``DirectoryLock``: how `newsd status` tells whether a daemon is running.
public struct DirectoryLockHolder: Sendable, Equatable {
    /// The holder's pid, as it wrote it into the lock file (`nil` if unreadable).
    public var pid: Int32?

    public init(pid: Int32?) {
        self.pid = pid
    }

    /// The holder of `directory`'s lock, or `nil` when no process holds it (or the directory has no lock file).
    ///
    /// Probes with a shared, non-blocking `flock` that is released at once, and never creates the lock file, so it
    /// cannot get in a starting daemon's way for longer than the probe.
    public static func of(directory: String) -> DirectoryLockHolder? {
        let path = (directory as NSString).appendingPathComponent(DirectoryLock.fileName)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) != 0 else {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return DirectoryLockHolder(pid: DirectoryLock.readPID(descriptor))
    }
}

/// A state or spool directory that could not be locked for this process.
public struct DirectoryLockError: Error, CustomStringConvertible {
    public enum Reason: Sendable {
        case cannotOpen(String)
        case heldByAnotherProcess(pid: Int32?)
    }

    /// The directory (or lock file) concerned.
    public var path: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .cannotOpen(let detail):
            return "cannot open the lock file \(path) (\(detail)); check the directory's permissions"
        case .heldByAnotherProcess(let pid):
            let owner = pid.map { "newsd process \($0)" } ?? "another newsd process"
            return "\(path) is in use by \(owner); one directory serves one newsd at a time — stop it, or give this "
                + "one its own --state and --spool"
        }
    }
}
