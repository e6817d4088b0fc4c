import Foundation
import Testing

/// Where systemd-analyze is, if installed (`scripts/install-deps` installs the `systemd` package).
private let systemdAnalyze: String? = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs a program and returns its exit status and everything it printed (stdout and stderr together).
func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("The systemd unit")
struct UnitFileTests {
    private static let unitFile = DemoManifest.repositoryRoot.appendingPathComponent("systemd/newsd.service")

    /// The unit with ExecStart pointed at an executable that exists here (verify checks it), in a scratch directory.
    private func installedCopy(in scratch: ScratchDirectory) throws -> String {
        let unit = try String(contentsOf: Self.unitFile, encoding: .utf8)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let copy = unit.replacingOccurrences(of: "ExecStart=/usr/local/bin/newsd", with: "ExecStart=\(executable)")
        #expect(copy != unit, "the unit's ExecStart no longer starts with /usr/local/bin/newsd")
        let path = scratch.file("newsd.service")
        try copy.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the unit carries every directive the operations issue asks for")
    func directives() throws {
        let unit = try String(contentsOf: Self.unitFile, encoding: .utf8)
        let lines = Set(unit.split(separator: "\n").map { String($0) })
        let required = [
            "Type=notify", "Restart=on-failure", "ExecReload=/bin/kill -HUP $MAINPID", "ProtectSystem=strict",
            "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes",
            "ProtectKernelTunables=yes", "ProtectKernelModules=yes", "ProtectKernelLogs=yes",
            "ProtectControlGroups=yes", "ProtectClock=yes", "RestrictNamespaces=yes", "RestrictRealtime=yes",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service",
            "SystemCallArchitectures=native", "LockPersonality=yes", "MemoryDenyWriteExecute=yes",
            "CapabilityBoundingSet=", "StateDirectory=newsd", "ReadWritePaths=/var/spool/newsd",
        ]
        for directive in required {
            #expect(lines.contains(directive), "systemd/newsd.service lacks \(directive)")
        }
        for prefix in ["UMask=", "WatchdogSec=", "TimeoutStopSec="] {
            #expect(lines.contains { $0.hasPrefix(prefix) }, "systemd/newsd.service lacks \(prefix)")
        }
        #expect(lines.filter { $0.hasPrefix("ReadWritePaths=") } == ["ReadWritePaths=/var/spool/newsd"],
                "the spool must be the only writable path besides the state directory")
    }

    @Test("systemd-analyze verify accepts the unit without a word about it")
    func verifies() throws {
        let analyze = try #require(systemdAnalyze, "systemd-analyze is missing: run scripts/install-deps")
        let scratch = try ScratchDirectory()
        let path = try installedCopy(in: scratch)
        let result = try run(analyze, ["verify", path])
        #expect(result.status == 0, "systemd-analyze verify failed:\n\(result.output)")
        let aboutUnit = result.output.split(separator: "\n").filter { $0.contains("newsd.service") }
        #expect(aboutUnit.isEmpty, "systemd-analyze verify warned:\n\(aboutUnit.joined(separator: "\n"))")
    }

    @Test("systemd-analyze security rates the unit's exposure 2.0 or lower")
    func exposure() throws {
        let analyze = try #require(systemdAnalyze, "systemd-analyze is missing: run scripts/install-deps")
        let scratch = try ScratchDirectory()
        let path = try installedCopy(in: scratch)
        let result = try run(analyze, ["security", "--offline=true", "--no-pager", path])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") },
                                "no exposure level in:\n\(result.output)")
        let number = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(number, "cannot read the exposure from: \(line)")
        #expect(exposure <= 2.0, "exposure \(exposure) is above 2.0:\n\(result.output)")
    }
}
