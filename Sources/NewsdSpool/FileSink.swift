import Glibc

/// The two system calls that move a record's bytes to disk, behind a seam so tests can make them fail (a full disk,
/// an I/O error, short writes, `EINTR`) without needing a real failing file system.
///
/// Both follow the kernel's convention: a result below zero is a negated `errno`.
struct FileSink: Sendable {
    /// Writes some prefix of the bytes to the descriptor; returns how many were written, or `-errno`.
    var write: @Sendable (_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int
    /// Flushes the descriptor's file to stable storage; returns 0, or `-errno`.
    var sync: @Sendable (_ descriptor: Int32) -> Int32

    /// The real `write(2)` and `fsync(2)`.
    static let system = FileSink(
        write: { descriptor, bytes in
            let written = Glibc.write(descriptor, bytes.baseAddress, bytes.count)
            return written < 0 ? -Int(Glibc.errno) : written
        },
        sync: { descriptor in
            Glibc.fsync(descriptor) == 0 ? 0 : -Glibc.errno
        }
    )
}

/// `rename(2)` that refuses to replace an existing target.
///
/// Uses `renameat2(…, RENAME_NOREPLACE)` — atomic, and present in glibc since 2.28 but not exported to Swift by the
/// Glibc module, so it is looked up at run time. Where it is missing or the file system does not support the flag,
/// falls back to checking for the target and then renaming; newsd is the spool's only writer, so nothing can create
/// the target in between.
enum NoReplaceRename {
    private typealias RenameAt2 = @convention(c) (
        Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32
    ) -> Int32

    private static let renameNoReplaceFlag: UInt32 = 1

    /// Renames `source` to `target`; returns 0, or the `errno` (`EEXIST` when `target` exists).
    static func rename(_ source: String, to target: String) -> Int32 {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") {
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            if renameat2(AT_FDCWD, source, AT_FDCWD, target, renameNoReplaceFlag) == 0 {
                return 0
            }
            let code = Glibc.errno
            guard code == EINVAL || code == ENOSYS else { return code }
        }
        var status = stat()
        if lstat(target, &status) == 0 {
            return EEXIST
        }
        return Glibc.rename(source, target) == 0 ? 0 : Glibc.errno
    }
}
