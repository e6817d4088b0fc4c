import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a file of metrics for node_exporter's textfile collector up to date: every `interval` it renders the
/// exposition to a temporary file in the same directory and renames it over the target, so the collector never
/// reads half a file.
///
/// node_exporter reads `*.prom` files in its `--collector.textfile.directory`; the temporary file's name starts with
/// a dot and does not end in `.prom`, so a scrape meanwhile ignores it. The timer is created once and only ever
/// cancelled afterwards (which Dispatch allows from any thread); writes happen on the writer's own queue.
public final class TextfileWriter: @unchecked Sendable {
    /// The file written, absolute.
    public let path: String
    public let interval: Duration

    private let queue = DispatchQueue(label: "newsd.metrics.textfile")
    private let exposition: @Sendable () -> String
    private let timer: any DispatchSourceTimer
    private let failed: @Sendable (TextfileError) -> Void

    /// Writes the file once now (so a path that cannot be written is a start-up error), then every `interval`.
    ///
    /// - Parameter failed: told of a periodic write that failed; the previous file stays in place and the next
    ///   write tries again.
    /// - Throws: ``TextfileError`` naming the file, when the first write fails.
    public init(path: String, interval: Duration, exposition: @escaping @Sendable () -> String,
                failed: @escaping @Sendable (TextfileError) -> Void) throws(TextfileError)
    {
        self.path = path
        self.interval = interval
        self.exposition = exposition
        self.failed = failed
        try Self.write(exposition(), to: path)
        timer = DispatchSource.makeTimerSource(queue: queue)
        let milliseconds = Int(interval / .milliseconds(1))
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds),
                       leeway: .milliseconds(min(milliseconds / 10, 1_000)))
        timer.setEventHandler { [path, exposition, failed] in
            Self.update(path, with: exposition, failed: failed)
        }
        timer.resume()
    }

    deinit {
        timer.cancel()
    }

    /// Writes the file now, on the writer's queue (after any write in progress); stop uses it for a last update.
    public func writeNow() {
        queue.sync { Self.update(path, with: exposition, failed: failed) }
    }

    /// One periodic or final write: a failure goes to `failed`, and the file keeps its last contents.
    private static func update(_ path: String, with exposition: () -> String,
                               failed: (TextfileError) -> Void) {
        do throws(TextfileError) {
            try write(exposition(), to: path)
        } catch {
            failed(error)
        }
    }

    /// Stops the periodic writes; the file stays with its last contents.
    public func stop() {
        timer.cancel()
    }

    /// Writes `text` to a temporary file beside `path`, then renames it over `path`.
    static func write(_ text: String, to path: String) throws(TextfileError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/." + name + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw TextfileError(path: path, operation: "create \(temporary)", errno) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let error = TextfileError(path: path, operation: "write \(temporary)", errno)
                _ = close(descriptor)
                _ = unlink(temporary)
                throw error
            }
            offset += written
        }
        guard close(descriptor) == 0 else {
            let error = TextfileError(path: path, operation: "write \(temporary)", errno)
            _ = unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = TextfileError(path: path, operation: "rename \(temporary) to it", errno)
            _ = unlink(temporary)
            throw error
        }
    }
}

/// A metrics textfile that could not be written.
public struct TextfileError: Error, Sendable, CustomStringConvertible {
    /// The file that was to be written.
    public var path: String
    /// The call that failed and the system's error.
    public var failure: SystemCallFailure

    init(path: String, operation: String, _ errorNumber: Int32) {
        self.path = path
        self.failure = SystemCallFailure(operation: operation, errorNumber: errorNumber)
    }

    public var description: String {
        "cannot write the metrics textfile \(path): \(failure); "
            + "check that its directory exists and newsd may write there (under systemd, list it in ReadWritePaths)"
    }
}
