import Foundation
import NewsdTestSupport

/// Serves the demo sites and lets a test wait for a request to arrive, and hold chosen requests until released.
///
/// Every wait is bounded (a guard against a hung test, not a stand-in for synchronisation): each returns as soon as
/// the request it waits for has arrived.
final class ObservedDemoServer: Sendable {
    let server: LoopbackHTTPServer
    private let state = Observed()

    /// - Parameter holding: requests whose path matches are held (the connection stays open, nothing is answered)
    ///   until ``release()``.
    init(holding: @escaping @Sendable (String) -> Bool = { _ in false }) throws {
        let root = DemoManifest.demoDirectory
        let state = state
        server = try LoopbackHTTPServer(stopTimeout: .seconds(2)) { request in
            let path = request.pathWithoutQuery
            state.arrived(path)
            if holding(path) { state.waitForRelease() }
            let file = root.appendingPathComponent(String(path.drop { $0 == "/" }))
            guard !path.contains(".."), let data = FileManager.default.contents(atPath: file.path)
            else { return .notFound }
            let type = file.pathExtension == "html" ? "text/html" : "application/xml"
            return HTTPTestResponse(headers: ["Content-Type": type], body: [UInt8](data))
        }
    }

    /// The URL of `path` on this server.
    func url(_ path: String) -> String { server.url(path) }

    /// Waits until `count` requests for paths matching `predicate` have arrived (30 s guard); returns whether they did.
    @discardableResult
    func waitForRequests(_ count: Int = 1, matching predicate: @escaping (String) -> Bool) -> Bool {
        state.wait(until: { $0.paths.filter(predicate).count >= count })
    }

    /// How many requests for `path` arrived so far.
    func requestCount(_ path: String) -> Int {
        state.paths.filter { $0 == path }.count
    }

    /// Answers every held request, and every later one at once.
    func release() { state.release() }

    deinit {
        release()
        server.stop()
    }
}

/// Writes newsd.yaml (spool, state, no host delay, plus `extra`) and one source file per demo feed (id → path on
/// `server`, each followed by `sourceExtra`).
func writeConfiguration(in scratch: ScratchDirectory, server: ObservedDemoServer, sources: [String: String],
                        extra: String = "", sourceExtra: String = "") throws
{
    try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
    try ("spool: spool\nstate: state\nfetch:\n  host_delay: 0s\n" + extra)
        .write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
    for (id, path) in sources {
        try "id: \(id)\nfeeds: [\(server.url(path))]\nallow_private_networks: true\n\(sourceExtra)"
            .write(toFile: scratch.file("sources.d/\(id).yaml"), atomically: true, encoding: .utf8)
    }
}

private final class Observed: @unchecked Sendable {
    struct Value {
        var paths: [String] = []
        var released = false
    }

    private let condition = NSCondition()
    private var value = Value()

    var paths: [String] { condition.withLock { value.paths } }

    func arrived(_ path: String) {
        condition.withLock {
            value.paths.append(path)
            condition.broadcast()
        }
    }

    func release() {
        condition.withLock {
            value.released = true
            condition.broadcast()
        }
    }

    func waitForRelease() {
        _ = wait(until: \.released, guardTime: 60)
    }

    func wait(until predicate: (Value) -> Bool, guardTime: TimeInterval = 30) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: guardTime)
        while !predicate(value) {
            if !condition.wait(until: deadline) { return predicate(value) }
        }
        return true
    }
}
