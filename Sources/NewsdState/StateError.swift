import CSQLite
import Glibc

/// A state database operation that failed, with the database it was about and what the user can do.
public struct StateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// SQLite returned this (extended) result code with this message (`sqlite3_errmsg`).
        case sqlite(code: Int32, message: String)
        /// Creating the state directory failed with this `errno`.
        case directory(errno: Int32)
        /// The database was written by a newer newsd whose schema this build does not know.
        case schemaTooNew(found: Int, supported: Int)
        /// A commit offered a revision that is not newer than the stored one.
        case revisionConflict(storyID: String, stored: Int, offered: Int)
        /// A commit named a story the database does not have.
        case missingStory(String)
        /// A commit tried to revise a story that has been merged into another one.
        case storyMerged(storyID: String, into: String)
    }

    /// The operation that failed: the SQL statement, or a word such as "open".
    public var operation: String
    /// The database file (or, for ``Kind/directory(errno:)``, the directory).
    public var path: String
    /// What went wrong.
    public var kind: Kind

    /// Creates an error for `operation` on the database at `path`.
    public init(operation: String, path: String, kind: Kind) {
        self.operation = operation
        self.path = path
        self.kind = kind
    }

    /// What the user can do about it, when there is something specific to say.
    public var hint: String? {
        switch kind {
        case .sqlite(let code, _):
            switch code & 0xFF {
            case SQLITE_CORRUPT, SQLITE_NOTADB:
                return "the file is damaged or is not a newsd database: stop newsd and move it aside; newsd then "
                    + "starts a fresh one and treats every feed item as new"
            case SQLITE_FULL:
                return "the disk holding the state directory is full: free space; nothing was committed"
            case SQLITE_BUSY, SQLITE_LOCKED:
                return "another process holds the database: is a second newsd using the same state_directory?"
            case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_AUTH:
                return "newsd may not open or write the database: check the owner and mode of the file and its "
                    + "directory, or point state_directory somewhere it may write"
            case SQLITE_IOERR:
                return "the disk reported an I/O error (see the kernel log); nothing was committed"
            default:
                return nil
            }
        case .directory(let code):
            switch code {
            case EACCES, EPERM, EROFS:
                return "newsd may not create it: fix the parent's owner or mode, or point state_directory elsewhere"
            case ENOTDIR, EEXIST:
                return "a component of the path is a file, not a directory: check state_directory"
            case ENOSPC:
                return "the disk is full: free space"
            default:
                return nil
            }
        case .schemaTooNew:
            return "run the newsd version that wrote it, or move the file aside to start a fresh database"
        case .revisionConflict, .missingStory, .storyMerged:
            return "this is a bug in newsd: please report it; nothing was committed"
        }
    }

    /// One line naming the database, the operation, the cause and, where there is one, the hint.
    public var description: String {
        var text = "state database \(path): "
        switch kind {
        case .sqlite(let code, let message):
            text += "\(Self.abbreviated(operation)) failed: \(message) (SQLite code \(code))"
        case .directory(let code):
            text = "state directory \(path): could not create it: \(String(cString: strerror(code)))"
        case .schemaTooNew(let found, let supported):
            text += "schema version \(found) is newer than this newsd understands (\(supported))"
        case .revisionConflict(let storyID, let stored, let offered):
            text += "story \(storyID) is already at revision \(stored); refusing to store revision \(offered)"
        case .missingStory(let storyID):
            text += "story \(storyID) is not in the database"
        case .storyMerged(let storyID, let survivor):
            text += "story \(storyID) was merged into \(survivor) and cannot be revised"
        }
        if let hint {
            text += "; \(hint)"
        }
        return text
    }

    /// The statement on one line, cut to a readable length.
    private static func abbreviated(_ operation: String) -> String {
        let line = operation.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count > 100 ? String(line.prefix(99)) + "…" : line
    }
}
