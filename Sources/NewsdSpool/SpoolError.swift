import Glibc

/// A spool operation that failed, with the file it was about and what the user can do.
///
/// Nothing is lost when the spool fails: a record that could not be staged leaves its feed item unseen, so it is
/// processed again on the next poll, and a record that could not be published stays pending and is published on
/// recovery.
public struct SpoolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// A system call failed with this `errno`.
        case system(errno: Int32)
        /// Publishing would replace a file already in `new/`. newsd never does that: it indicates a bug.
        case wouldOverwrite
        /// The name handed to the writer is not a spool file name (empty, hidden, or containing `/`).
        case invalidName
    }

    /// The operation that failed, in words: "create directory", "write", "rename", …
    public var operation: String
    /// The file or directory the operation was about.
    public var path: String
    /// What went wrong.
    public var kind: Kind

    /// Creates an error for `operation` on `path`.
    public init(operation: String, path: String, kind: Kind) {
        self.operation = operation
        self.path = path
        self.kind = kind
    }

    /// The `errno` of a failed system call, if that is what went wrong.
    public var errno: Int32? {
        if case .system(let code) = kind { return code }
        return nil
    }

    /// What the user can do about it, when there is something specific to say.
    public var hint: String? {
        switch kind {
        case .wouldOverwrite:
            return "newsd never overwrites a published record; this is a bug in newsd: please report it"
        case .invalidName:
            return "spool file names have no '/' and do not start with '.'"
        case .system(let code):
            switch code {
            case ENOSPC, EDQUOT:
                return "the disk holding the spool is full: free space; nothing was lost, the item will be retried"
            case EACCES, EPERM:
                return "the user running newsd may not write here: fix the directory's owner or mode, "
                    + "or point spool_directory somewhere it may write"
            case EROFS:
                return "the file system holding the spool is read-only: remount it read-write or move the spool"
            case ENOTDIR:
                return "a component of the path is a file, not a directory: check spool_directory"
            case EIO:
                return "the disk reported an I/O error (see the kernel log); nothing was lost, the item will be retried"
            case EMFILE, ENFILE:
                return "too many open files: raise the file descriptor limit (LimitNOFILE in the systemd unit)"
            default:
                return nil
            }
        }
    }

    /// One line naming the operation, the path, the cause and, where there is one, the hint.
    public var description: String {
        var text = "spool: could not \(operation) \(path): "
        switch kind {
        case .system(let code):
            text += "\(String(cString: strerror(code))) (\(Self.symbol(code)))"
        case .wouldOverwrite:
            text += "a file with that name is already published"
        case .invalidName:
            text += "not a spool file name"
        }
        if let hint {
            text += "; \(hint)"
        }
        return text
    }

    private static func symbol(_ code: Int32) -> String {
        switch code {
        case ENOSPC: "ENOSPC"
        case EDQUOT: "EDQUOT"
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case EROFS: "EROFS"
        case ENOTDIR: "ENOTDIR"
        case ENOENT: "ENOENT"
        case EEXIST: "EEXIST"
        case EIO: "EIO"
        case EISDIR: "EISDIR"
        case EMFILE: "EMFILE"
        case ENFILE: "ENFILE"
        default: "errno \(code)"
        }
    }
}
