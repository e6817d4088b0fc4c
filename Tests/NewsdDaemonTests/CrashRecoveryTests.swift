import Foundation
import NewsdSpool
import NewsdTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `newsd` executable built beside the test bundle.
let newsdBinary: URL? = {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent()
    let candidates = [directory, directory.deletingLastPathComponent(),
                      directory.deletingLastPathComponent().deletingLastPathComponent()]
        .map { $0.appendingPathComponent("newsd") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// A server for the demo that holds the `n`th request until released, so a test can kill newsd at a known point.
private final class HoldingServer: Sendable {
    let server: LoopbackHTTPServer
    let reached = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)

    init(holding n: Int) throws {
        let counter = RequestCounter()
        let reached = reached
        let release = release
        let root = DemoManifest.demoDirectory
        server = try LoopbackHTTPServer { request in
            if counter.next() == n {
                reached.signal()
                release.wait()
            }
            let file = root.appendingPathComponent(String(request.pathWithoutQuery.drop { $0 == "/" }))
            guard !request.pathWithoutQuery.contains(".."), let data = FileManager.default.contents(atPath: file.path)
            else { return .notFound }
            let type = file.pathExtension == "html" ? "text/html" : "application/xml"
            return HTTPTestResponse(headers: ["Content-Type": type], body: [UInt8](data))
        }
    }
}

private final class RequestCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}

/// Stories by the set of item ids that make them up, with their latest revision's copy count.
func storySignature(_ spool: String) throws -> [String: Int] {
    var signature: [String: Int] = [:]
    for record in latestRevisions(try spooledRecords(in: spool)).values {
        signature[record.copies.map(\.itemID).sorted().joined(separator: "+")] = record.copies.count
    }
    return signature
}

@Suite("Crash recovery with kill -9")
struct CrashRecoveryTests {
    private func writeConfiguration(in scratch: ScratchDirectory, server: LoopbackHTTPServer) throws {
        try FileManager.default.createDirectory(atPath: scratch.file("sources.d"), withIntermediateDirectories: true)
        try "spool: spool\nstate: state\nconcurrency: 2\nfetch:\n  host_delay: 0s\n"
            .write(toFile: scratch.file("newsd.yaml"), atomically: true, encoding: .utf8)
        let feeds = ["harbor-times": "/harbor-times/feed.xml", "valley-post": "/valley-post/feed.xml",
                     "coastal-wire": "/coastal-wire/atom.xml"]
        for (id, path) in feeds {
            try "id: \(id)\nfeeds: [\(server.url(path))]\nallow_private_networks: true\n"
                .write(toFile: scratch.file("sources.d/\(id).yaml"), atomically: true, encoding: .utf8)
        }
    }

    private func launch(_ binary: URL, config: String) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["once", "--config", config, "--log-level", "critical"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("killed at any request and restarted, newsd ends with the same stories, none lost or duplicated",
          .enabled(if: newsdBinary != nil, "the newsd executable is not built beside the tests"),
          arguments: [1, 2, 4, 6, 8, 10, 12])
    func killNineAndRestart(atRequest n: Int) throws {
        let binary = try #require(newsdBinary)

        let reference = try ScratchDirectory()
        let plain = try HoldingServer(holding: .max)
        try writeConfiguration(in: reference, server: plain.server)
        let clean = try launch(binary, config: reference.file("newsd.yaml"))
        clean.waitUntilExit()
        #expect(clean.terminationStatus == 0)
        let expected = try storySignature(reference.file("spool"))

        let scratch = try ScratchDirectory()
        let holding = try HoldingServer(holding: n)
        try writeConfiguration(in: scratch, server: holding.server)
        let victim = try launch(binary, config: scratch.file("newsd.yaml"))
        #expect(holding.reached.wait(timeout: .now() + 60) == .success)
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        holding.release.signal()

        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.file("spool/new")) {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.file("spool/new/\(name)"))))
            #expect(throws: Never.self, "a partial file in new/: \(name)") { try StoryRecord.decode(from: bytes) }
        }

        let restart = try launch(binary, config: scratch.file("newsd.yaml"))
        restart.waitUntilExit()
        #expect(restart.terminationStatus == 0)
        #expect(try storySignature(scratch.file("spool")) == expected)
        let records = try spooledRecords(in: scratch.file("spool")).map(\.record)
        let revisions = records.map { "\($0.storyID)#\($0.revision)" }
        #expect(Set(revisions).count == revisions.count, "a story revision was delivered twice")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("spool/tmp")).isEmpty)
    }
}
