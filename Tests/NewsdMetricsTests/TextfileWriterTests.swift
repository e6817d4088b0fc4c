import Foundation
import NewsdMetrics
import Testing

@Suite("Metrics textfile")
struct TextfileWriterTests {
    private static func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "newsd-textfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("the file holds the exposition, and only the .prom file is left in its directory")
    func writesExposition() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let registry = MetricsRegistry()
        let counter = registry.counter("written_total", help: "Writes.")
        counter.increment()
        let path = directory + "/newsd.prom"
        let writer = try TextfileWriter(path: path, interval: .seconds(3600),
                                        exposition: { registry.exposition() }, failed: { _ in })
        defer { writer.stop() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == registry.exposition())
        counter.increment()
        writer.writeNow()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("written_total 2\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["newsd.prom"])
    }

    @Test("every line is a comment or a sample node_exporter can parse")
    func parseable() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let registry = MetricsRegistry()
        registry.counter("a_total", help: "A.", labels: ["x"]).increment(["quote \" and \\"])
        registry.gauge("b", help: "B.").set(to: 1.5)
        let path = directory + "/newsd.prom"
        let writer = try TextfileWriter(path: path, interval: .seconds(3600),
                                        exposition: { registry.exposition() }, failed: { _ in })
        defer { writer.stop() }
        let sample = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? \S+$"#)
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            #expect(line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") || line.wholeMatch(of: sample) != nil,
                    "unparseable line: \(line)")
        }
    }

    @Test("a directory that does not exist is an error naming the file")
    func missingDirectory() {
        #expect {
            _ = try TextfileWriter(path: "/nonexistent-newsd-dir/newsd.prom", interval: .seconds(15),
                                   exposition: { "" }, failed: { _ in })
        } throws: { error in
            "\(error)".contains("/nonexistent-newsd-dir/newsd.prom")
        }
    }
}
