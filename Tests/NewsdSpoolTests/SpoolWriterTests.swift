import Foundation
import Glibc
import Testing
@testable import NewsdSpool

@Suite("SpoolWriter")
struct SpoolWriterTests {
    @Test("init creates the spool directory with tmp, new and cur")
    func createsLayout() throws {
        try withTemporaryDirectory { root in
            let spool = root + "/var/spool/newsd"
            _ = try SpoolWriter(directory: spool)
            #expect(try entries(spool) == ["cur", "new", "tmp"])
            var status = stat()
            #expect(stat(spool + "/new", &status) == 0)
            #expect(status.st_mode & 0o777 == 0o755 & ~currentUmask())
        }
    }

    @Test("init under a regular file fails naming the path and the operation")
    func initUnderFile() throws {
        try withTemporaryDirectory { root in
            let file = root + "/plain-file"
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
            let error = try #require(throws: SpoolError.self) {
                try SpoolWriter(directory: file + "/spool")
            }
            #expect(error.path == file + "/spool")
            #expect(error.errno == ENOTDIR)
            #expect(error.description.contains("create directory \(file)/spool"))
            #expect(error.description.contains("Not a directory"))
        }
    }

    @Test("init flushes the parent of every directory it creates")
    func initFlushesParents() throws {
        try withTemporaryDirectory { root in
            let syncs = SyncLog()
            _ = try SpoolWriter(directory: root + "/a/b", sink: syncs.sink())
            let base = try realPath(root)
            #expect(syncs.paths == [base, base + "/a", base + "/a/b", base + "/a/b", base + "/a/b"])
        }
    }

    @Test("init fails naming the parent directory when flushing it fails")
    func initParentFlushFailure() throws {
        try withTemporaryDirectory { root in
            let sink = FileSink(write: FileSink.system.write, sync: { _ in -EIO })
            let error = try #require(throws: SpoolError.self) {
                try SpoolWriter(directory: root + "/spool", sink: sink)
            }
            #expect(error.operation == "fsync")
            #expect(error.path == root)
            #expect(error.errno == EIO)
        }
    }

    @Test("stage leaves a complete file in tmp and nothing in new")
    func stage() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let record = Sample.record()
            let name = try writer.stage(record)
            #expect(name == SpoolWriter.fileName(for: record))
            #expect(try contents(root + "/tmp/" + name) == record.encoded())
            #expect(try entries(root + "/new").isEmpty)
        }
    }

    @Test("stage writes the whole record through short writes and EINTR")
    func stageShortWrites() throws {
        try withTemporaryDirectory { root in
            let interrupted = Counter()
            let sink = FileSink(
                write: { descriptor, bytes in
                    if interrupted.increment() % 3 == 0 {
                        return -Int(EINTR)
                    }
                    let chunk = UnsafeRawBufferPointer(rebasing: bytes.prefix(7))
                    return Glibc.write(descriptor, chunk.baseAddress, chunk.count)
                },
                sync: FileSink.system.sync
            )
            let writer = try SpoolWriter(directory: root, sink: sink)
            let record = Sample.record()
            let name = try writer.stage(record)
            #expect(try contents(root + "/tmp/" + name) == record.encoded())
            #expect(interrupted.value > 3)
        }
    }

    @Test("a full disk removes the partial file and says nothing was lost")
    func diskFull() throws {
        try withTemporaryDirectory { root in
            let sink = FileSink(
                write: { descriptor, bytes in
                    var status = stat()
                    guard fstat(descriptor, &status) == 0, status.st_size == 0 else { return -Int(ENOSPC) }
                    return Glibc.write(descriptor, bytes.baseAddress, min(bytes.count, 10))
                },
                sync: FileSink.system.sync
            )
            let writer = try SpoolWriter(directory: root, sink: sink)
            let error = try #require(throws: SpoolError.self) {
                try writer.stage(Sample.record())
            }
            #expect(error.errno == ENOSPC)
            #expect(error.operation == "write")
            #expect(error.path == root + "/tmp/" + SpoolWriter.fileName(for: Sample.record()))
            #expect(error.description.contains(
                "the disk holding the spool is full: free space; nothing was lost, the item will be retried"
            ))
            #expect(try entries(root + "/tmp").isEmpty)
        }
    }

    @Test("a failing fsync removes the staged file")
    func fsyncFailure() throws {
        try withTemporaryDirectory { root in
            let sink = FileSink(write: FileSink.system.write, sync: { _ in -EIO })
            _ = try SpoolWriter(directory: root)  // create the layout first, so opening flushes nothing
            let writer = try SpoolWriter(directory: root, sink: sink)
            let error = try #require(throws: SpoolError.self) {
                try writer.stage(Sample.record())
            }
            #expect(error.operation == "fsync")
            #expect(error.errno == EIO)
            #expect(try entries(root + "/tmp").isEmpty)
        }
    }

    @Test("stage flushes the tmp directory and gives up cleanly when it cannot")
    func directoryFsyncFailure() throws {
        try withTemporaryDirectory { root in
            let sink = FileSink(
                write: FileSink.system.write,
                sync: { descriptor in
                    var status = stat()
                    guard fstat(descriptor, &status) == 0 else { return -EBADF }
                    return status.st_mode & S_IFMT == S_IFDIR ? -EIO : FileSink.system.sync(descriptor)
                }
            )
            _ = try SpoolWriter(directory: root)  // create the layout first, so opening flushes nothing
            let writer = try SpoolWriter(directory: root, sink: sink)
            let error = try #require(throws: SpoolError.self) {
                try writer.stage(Sample.record())
            }
            #expect(error.operation == "fsync")
            #expect(error.path == root + "/tmp")
            #expect(try entries(root + "/tmp").isEmpty)
        }
    }

    @Test("stage refuses to replace a file already in tmp and leaves it alone")
    func stageExclusive() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let path = root + "/tmp/" + SpoolWriter.fileName(for: Sample.record())
            try Data("older".utf8).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: SpoolError.self) {
                try writer.stage(Sample.record())
            }
            #expect(error.errno == EEXIST)
            #expect(try contents(path) == Array("older".utf8))
        }
    }

    @Test("publish moves the staged file into new with the same bytes")
    func publish() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let record = Sample.record()
            let name = try writer.stage(record)
            try writer.publish(name)
            #expect(try entries(root + "/tmp").isEmpty)
            #expect(try entries(root + "/new") == [name])
            #expect(try contents(root + "/new/" + name) == record.encoded())
        }
    }

    @Test("publishing a batch moves every name it can and reports the one it cannot, leaving it staged")
    func publishBatch() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let first = try writer.stage(Sample.record(storyID: "first"))
            let blocked = try writer.stage(Sample.record(storyID: "blocked"))
            let last = try writer.stage(Sample.record(storyID: "last"))
            try Data("already here".utf8).write(to: URL(fileURLWithPath: root + "/new/" + blocked))
            let publication = writer.publish([first, blocked, last])
            #expect(publication.published == [first, last])
            #expect(publication.failures.map(\.name) == [blocked])
            #expect(publication.failures.first?.error.kind == .wouldOverwrite)
            #expect(try entries(root + "/new").sorted() == [blocked, first, last].sorted())
            #expect(try entries(root + "/tmp") == [blocked])
        }
    }

    @Test("publish never overwrites a file in new")
    func publishNeverOverwrites() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let name = try writer.stage(Sample.record())
            let published = root + "/new/" + name
            try Data("already here".utf8).write(to: URL(fileURLWithPath: published))
            let error = try #require(throws: SpoolError.self) {
                try writer.publish(name)
            }
            #expect(error.kind == .wouldOverwrite)
            #expect(error.path == published)
            #expect(try contents(published) == Array("already here".utf8))
            #expect(try entries(root + "/tmp") == [name])
        }
    }

    @Test("publish rejects a name that is not a plain file name")
    func publishRejectsPaths() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            for name in ["../cur/x.json", "", ".hidden"] {
                let error = try #require(throws: SpoolError.self) {
                    try writer.publish(name)
                }
                #expect(error.kind == .invalidName)
            }
        }
    }

    @Test("publish of a name that was never staged names the missing file")
    func publishMissing() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let error = try #require(throws: SpoolError.self) {
                try writer.publish("1.never.r1.json")
            }
            #expect(error.errno == ENOENT)
            #expect(error.description.contains(root + "/tmp/1.never.r1.json"))
        }
    }

    @Test("recover publishes a pending file that is still staged")
    func recoverRepublishes() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let record = Sample.record()
            let name = try writer.stage(record)
            let recovery = try writer.recover(pending: [name])
            #expect(recovery == SpoolRecovery(republished: [name]))
            #expect(try contents(root + "/new/" + name) == record.encoded())
            #expect(try entries(root + "/tmp").isEmpty)
        }
    }

    @Test("recover confirms a pending file that is no longer staged")
    func recoverConfirms() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let name = try writer.stage(Sample.record())
            try writer.publish(name)
            try FileManager.default.moveItem(atPath: root + "/new/" + name, toPath: root + "/cur/" + name)
            let recovery = try writer.recover(pending: [name])
            #expect(recovery == SpoolRecovery(confirmed: [name]))
            #expect(try entries(root + "/new").isEmpty)
        }
    }

    @Test("recover deletes staged files that are not pending")
    func recoverDeletesStrays() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            let pending = try writer.stage(Sample.record(storyID: "kept"))
            let stray = try writer.stage(Sample.record(storyID: "crashed"))
            try FileManager.default.createDirectory(
                atPath: root + "/tmp/not-a-file", withIntermediateDirectories: false
            )
            let recovery = try writer.recover(pending: [pending])
            #expect(recovery == SpoolRecovery(republished: [pending], discarded: [stray]))
            #expect(try entries(root + "/tmp") == ["not-a-file"])
            #expect(try entries(root + "/new") == [pending])
        }
    }

    @Test("backlog counts the records waiting in new")
    func backlog() throws {
        try withTemporaryDirectory { root in
            let writer = try SpoolWriter(directory: root)
            #expect(try writer.backlog() == 0)
            for id in ["a", "b", "c"] {
                try writer.publish(try writer.stage(Sample.record(storyID: id)))
            }
            _ = try writer.stage(Sample.record(storyID: "d"))
            #expect(try writer.backlog() == 3)
        }
    }

    @Test("a directory read error is reported, not taken for the end of the directory")
    func readdirError() throws {
        let entry = DirectoryEntry(name: "1.a.r1.json")
        defer { entry.deallocate() }
        var calls = 0
        let error = try #require(throws: SpoolError.self) {
            try SpoolWriter.entryNames(in: "/spool/tmp") {
                calls += 1
                if calls == 1 {
                    return entry.pointer
                }
                Glibc.errno = EIO
                return nil
            }
        }
        #expect(error.operation == "read directory")
        #expect(error.path == "/spool/tmp")
        #expect(error.errno == EIO)
    }

    @Test("an errno left over from before a listing is not taken for a read error")
    func readdirStaleErrno() throws {
        let entry = DirectoryEntry(name: "1.a.r1.json")
        defer { entry.deallocate() }
        var calls = 0
        Glibc.errno = EBADF
        let names = try SpoolWriter.entryNames(in: "/spool/tmp") {
            calls += 1
            return calls == 1 ? entry.pointer : nil
        }
        #expect(names == ["1.a.r1.json"])
    }

    @Test("a permission error explains how to fix access")
    func permissionHint() {
        let error = SpoolError(operation: "create", path: "/var/spool/newsd/tmp/x", kind: .system(errno: EACCES))
        #expect(error.description.contains("/var/spool/newsd/tmp/x"))
        #expect(error.description.contains("Permission denied (EACCES)"))
        #expect(error.hint?.contains("may not write here") == true)
    }
}

/// A counter shared with a `@Sendable` seam closure.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Adds one and returns the new count.
    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }

    var value: Int { lock.withLock { count } }
}

private func currentUmask() -> mode_t {
    let mask = umask(0o022)
    umask(mask)
    return mask
}
