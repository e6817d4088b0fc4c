import Glibc

/// Writes story records into a Maildir-style spool so that every record reaches `new/` exactly once, whole.
///
/// The spool directory holds three subdirectories:
/// - `tmp/`: records being written. Consumers never read it.
/// - `new/`: complete records waiting for a consumer. A file appears here by an atomic rename, never partially.
/// - `cur/`: where a consumer may move a record it has taken (or it deletes it instead).
///
/// The daemon's story desk drives each batch of records through ``stage(_:as:)`` (write and fsync in `tmp/`),
/// ``flushStaged(_:)`` (the `tmp/` entries), its own state transaction (which records the names as pending),
/// ``publish(_:)-([String])`` (rename into `new/`), and then clears the pending names with its next transaction. A
/// file whose state transaction failed stays staged: an I/O error on COMMIT can hide a commit that did
/// happen, so only the database may say the file is not owed. ``recover(pending:)`` — after a crash, and after each
/// pass — finishes what the pending names promise and removes everything else left in `tmp/`. See
/// "Exactly-once delivery to the spool" in docs/architecture.md.
///
/// A writer holds only paths, so it is a value that can be used from any thread; the daemon uses it from its one
/// story desk queue.
public struct SpoolWriter: Sendable {
    /// The spool directory, as given.
    public let directory: String
    /// Where records are staged.
    public var tmpDirectory: String { directory + "/tmp" }
    /// Where complete records are published for consumers.
    public var newDirectory: String { directory + "/new" }
    /// Where consumers may move records they have taken.
    public var curDirectory: String { directory + "/cur" }

    private let sink: FileSink

    /// Opens the spool at `directory`, creating it and its `tmp/`, `new/` and `cur/` subdirectories (mode 0755) when
    /// missing, and checking that newsd may write into `tmp/` and `new/`.
    ///
    /// After creating a directory it flushes the parent directory to disk, so a power cut cannot take away a
    /// directory that a committed pending record lives in.
    ///
    /// - Throws: ``SpoolError`` naming the directory that could not be created, flushed or written.
    public init(directory: String) throws(SpoolError) {
        try self.init(directory: directory, sink: .system)
    }

    /// Opens the spool with the given low-level write seam; tests use it to inject failures.
    init(directory: String, sink: FileSink) throws(SpoolError) {
        var trimmed = directory
        while trimmed.count > 1, trimmed.hasSuffix("/") {
            trimmed.removeLast()
        }
        self.directory = trimmed
        self.sink = sink
        try makeDirectories(trimmed)
        for subdirectory in [tmpDirectory, newDirectory, curDirectory] {
            try makeDirectory(subdirectory, in: trimmed)
        }
        for subdirectory in [tmpDirectory, newDirectory] where access(subdirectory, W_OK | X_OK) != 0 {
            throw SpoolError(operation: "write into", path: subdirectory, kind: .system(errno: Glibc.errno))
        }
    }

    /// The spool file name of a record: `<unix-ms>.<story_id>.r<revision>.json`.
    ///
    /// `<unix-ms>` is the record's `written_at` in milliseconds since 1970, so names sort by write time and the same
    /// record always gets the same name. In `<story_id>`, every byte other than ASCII letters, digits, `-` and `_` is
    /// written as `%XX`, so the name never contains `/` or `:` and distinct ids give distinct names.
    public static func fileName(for record: StoryRecord) -> String {
        let milliseconds = Int64((record.writtenAt.timeIntervalSince1970 * 1000).rounded(.down))
        return "\(milliseconds).\(escaped(record.storyID)).r\(record.revision).json"
    }

    /// Writes the record to `tmp/NAME`, flushes it and the `tmp/` directory entry to disk, and returns `NAME`.
    ///
    /// Flushing the directory matters: once the caller commits `NAME` as pending, recovery reads "not in `tmp/`" as
    /// "already published", so the staged file must not be able to vanish in a power cut.
    ///
    /// The file is created exclusively (an existing `tmp/NAME` is an error and is left alone). On any failure the
    /// partial file is removed, so `tmp/` never keeps a half-written record from this call.
    ///
    /// - Throws: ``SpoolError``; `ENOSPC` means the disk is full, and nothing was lost: the item is retried.
    public func stage(_ record: StoryRecord) throws(SpoolError) -> String {
        let name = Self.fileName(for: record)
        try stage(record.encoded(), as: name)
        try flushStaged([name])
        return name
    }

    /// Writes a record's encoded bytes to `tmp/NAME` and flushes the file, but not yet the `tmp/` directory entry:
    /// a batch stages all its files, then makes their entries durable with one ``flushStaged(_:)``, which must
    /// succeed before any of the names is committed as pending.
    ///
    /// The file is created exclusively (an existing `tmp/NAME` is an error and is left alone); on any failure the
    /// partial file is removed.
    ///
    /// - Throws: ``SpoolError``; `ENOSPC` means the disk is full, and nothing was lost: the item is retried.
    public func stage(_ bytes: [UInt8], as name: String) throws(SpoolError) {
        guard Self.isPlainFileName(name) else {
            throw SpoolError(operation: "stage", path: name, kind: .invalidName)
        }
        let path = tmpDirectory + "/" + name
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SpoolError(operation: "create", path: path, kind: .system(errno: Glibc.errno))
        }
        do {
            try writeAll(bytes, to: descriptor, path: path)
            try syncFile(descriptor, path: path)
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
        if close(descriptor) != 0, Glibc.errno != EINTR {
            let code = Glibc.errno
            unlink(path)
            throw SpoolError(operation: "close", path: path, kind: .system(errno: code))
        }
    }

    /// Flushes the `tmp/` directory so the files just staged as `names` survive a power cut; on failure removes
    /// them (none may be committed then) and throws.
    public func flushStaged(_ names: [String]) throws(SpoolError) {
        do {
            try syncDirectory(tmpDirectory)
        } catch {
            for name in names {
                unlink(tmpDirectory + "/" + name)
            }
            throw error
        }
    }

    /// Moves `tmp/NAME` to `new/NAME` atomically, then flushes both directories so the move survives a crash.
    ///
    /// - Throws: ``SpoolError``; ``SpoolError/Kind/wouldOverwrite`` if `new/NAME` already exists (the staged file
    ///   stays in `tmp/`), ``SpoolError/Kind/invalidName`` for a name that is not a plain file name.
    public func publish(_ name: String) throws(SpoolError) {
        if let failure = publish([name]).failures.first {
            throw failure.error
        }
    }

    /// Moves each `tmp/NAME` to `new/NAME` atomically, in order, then flushes both directories once, so a batch
    /// of records costs two directory flushes rather than two per record. A name that cannot be moved is reported
    /// in ``SpoolPublication/failures`` and the rest go on; when a flush fails, every name is reported failed
    /// (a moved file may then still appear in `tmp/` after a crash, and stays owed until recovery confirms it).
    public func publish(_ names: [String]) -> SpoolPublication {
        var publication = SpoolPublication()
        for name in names {
            do {
                try rename(name)
                publication.published.append(name)
            } catch {
                publication.failures.append((name, error))
            }
        }
        guard !publication.published.isEmpty else { return publication }
        do {
            try syncDirectory(newDirectory)
            try syncDirectory(tmpDirectory)
        } catch {
            publication.failures += publication.published.map { ($0, error) }
            publication.published = []
        }
        return publication
    }

    private func rename(_ name: String) throws(SpoolError) {
        guard Self.isPlainFileName(name) else {
            throw SpoolError(operation: "publish", path: name, kind: .invalidName)
        }
        let source = tmpDirectory + "/" + name
        let target = newDirectory + "/" + name
        switch NoReplaceRename.rename(source, to: target) {
        case 0:
            break
        case EEXIST:
            throw SpoolError(operation: "publish", path: target, kind: .wouldOverwrite)
        case let code:
            throw SpoolError(operation: "rename \(source) to", path: target, kind: .system(errno: code))
        }
    }

    /// Brings the spool back to a consistent state after a restart.
    ///
    /// For each pending name (the state database's promise that the record was committed): if `tmp/NAME` still
    /// exists it is published now; if not, the rename already happened and the name is only confirmed. Every other
    /// file in `tmp/` was staged by a pass that crashed before committing, and is deleted: its item is still unseen
    /// and will be processed again.
    ///
    /// The caller clears every name in ``SpoolRecovery/republished`` and ``SpoolRecovery/confirmed`` from its
    /// pending set afterwards.
    public func recover(pending: Set<String>) throws(SpoolError) -> SpoolRecovery {
        let staged = Set(try regularFiles(in: tmpDirectory))
        var recovery = SpoolRecovery()
        let owed = pending.sorted().filter(staged.contains)
        recovery.confirmed = pending.sorted().filter { !staged.contains($0) }
        let publication = publish(owed)
        if let failure = publication.failures.first {
            throw failure.error
        }
        recovery.republished = publication.published
        for name in staged.subtracting(pending).sorted() {
            let path = tmpDirectory + "/" + name
            guard unlink(path) == 0 || Glibc.errno == ENOENT else {
                throw SpoolError(operation: "remove", path: path, kind: .system(errno: Glibc.errno))
            }
            recovery.discarded.append(name)
        }
        if !recovery.discarded.isEmpty {
            try syncDirectory(tmpDirectory)
        }
        return recovery
    }

    /// How many records wait in `new/` for a consumer.
    public func backlog() throws(SpoolError) -> Int {
        try regularFiles(in: newDirectory).count
    }

    // MARK: - Low-level steps

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(SpoolError) {
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let result = sink.write(descriptor, UnsafeRawBufferPointer(rebasing: buffer[offset...]))
                if result == -Int(EINTR) {
                    continue
                }
                if result < 0 {
                    return Int32(-result)
                }
                if result == 0 {
                    return EIO
                }
                offset += result
            }
            return nil
        }
        if let failure {
            throw SpoolError(operation: "write", path: path, kind: .system(errno: failure))
        }
    }

    private func syncFile(_ descriptor: Int32, path: String) throws(SpoolError) {
        var result = sink.sync(descriptor)
        while result == -EINTR {
            result = sink.sync(descriptor)
        }
        if result < 0 {
            throw SpoolError(operation: "fsync", path: path, kind: .system(errno: -result))
        }
    }

    private func syncDirectory(_ path: String) throws(SpoolError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SpoolError(operation: "open directory", path: path, kind: .system(errno: Glibc.errno))
        }
        defer { close(descriptor) }
        try syncFile(descriptor, path: path)
    }

    /// Names of the regular files in a directory (subdirectories and other entries are left alone).
    private func regularFiles(in path: String) throws(SpoolError) -> [String] {
        guard let stream = opendir(path) else {
            throw SpoolError(operation: "read directory", path: path, kind: .system(errno: Glibc.errno))
        }
        defer { closedir(stream) }
        return try Self.entryNames(in: path) { readdir(stream) }.filter { name in
            var status = stat()
            return lstat(path + "/" + name, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        }
    }

    /// The names `next` (`readdir(3)` on the stream of `path`) returns until the end, without `.` and `..`.
    ///
    /// `readdir` returns `nil` both at the end and on an error, and only `errno` tells them apart, so `errno` is
    /// cleared before each call: a listing that silently stopped early would make recovery miss a staged record.
    static func entryNames(
        in path: String,
        next: () -> UnsafeMutablePointer<dirent>?
    ) throws(SpoolError) -> [String] {
        var names: [String] = []
        while true {
            Glibc.errno = 0
            guard let entry = next() else {
                let code = Glibc.errno
                guard code == 0 else {
                    throw SpoolError(operation: "read directory", path: path, kind: .system(errno: code))
                }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." {
                names.append(name)
            }
        }
    }

    /// Creates `path` and any missing parents, flushing the parent of each one it creates; a failure to create
    /// names `path` itself, the directory the user configured.
    private func makeDirectories(_ path: String) throws(SpoolError) {
        var parent = path.hasPrefix("/") ? "/" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            let current = (parent == "/" ? "" : parent) + "/" + component
            if mkdir(current, 0o755) == 0 {
                try syncDirectory(parent)
            } else if Glibc.errno != EEXIST {
                throw SpoolError(operation: "create directory", path: path, kind: .system(errno: Glibc.errno))
            }
            parent = current
        }
        try Self.requireDirectory(path)
    }

    /// Creates `path` inside `parent` unless it exists, flushing `parent` when it does create it.
    private func makeDirectory(_ path: String, in parent: String) throws(SpoolError) {
        if mkdir(path, 0o755) == 0 {
            try syncDirectory(parent)
        } else if Glibc.errno != EEXIST {
            throw SpoolError(operation: "create directory", path: path, kind: .system(errno: Glibc.errno))
        }
        try Self.requireDirectory(path)
    }

    private static func requireDirectory(_ path: String) throws(SpoolError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw SpoolError(operation: "create directory", path: path, kind: .system(errno: Glibc.errno))
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw SpoolError(operation: "create directory", path: path, kind: .system(errno: ENOTDIR))
        }
    }

    private static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.utf8.contains(0)
    }

    private static func escaped(_ storyID: String) -> String {
        var result = ""
        for byte in storyID.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}

/// What ``SpoolWriter/recover(pending:)`` did, name by name (each list sorted).
public struct SpoolRecovery: Sendable, Equatable {
    /// Pending records that were still in `tmp/` and have now been published.
    public var republished: [String]
    /// Pending records no longer in `tmp/`: they were published before the restart.
    public var confirmed: [String]
    /// Files in `tmp/` with no pending entry, left by a pass that crashed before committing; now deleted.
    public var discarded: [String]

    /// Creates a recovery report.
    public init(republished: [String] = [], confirmed: [String] = [], discarded: [String] = []) {
        self.republished = republished
        self.confirmed = confirmed
        self.discarded = discarded
    }
}

/// What ``SpoolWriter/publish(_:)-([String])`` did: the names now durably in `new/`, and those still owed.
public struct SpoolPublication: Sendable {
    /// Names moved into `new/`, with both directories flushed.
    public var published: [String] = []
    /// Names not (durably) moved, with why; their records stay pending.
    public var failures: [(name: String, error: SpoolError)] = []

    public init() {}
}
