// swift-tools-version: 6.0
import PackageDescription

/// newsd: a news-ingestion daemon. One module per pipeline stage, data flowing one way:
/// fetch → feed → extract → dedupe → spool, with state (SQLite) and the daemon around them.
let package = Package(
    name: "newsd",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "newsd", targets: ["newsd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // C libraries, each through pkg-config, and one shim for curl's variadic calls.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "CNewsdShim", dependencies: ["CCurl"]),

        // Pipeline stages.
        .target(name: "NewsdConfig", dependencies: [
            "NewsdXML", "NewsdFetch", "NewsdExtract", "NewsdDedupe", "NewsdMetrics",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "NewsdFetch", dependencies: [
            "CCurl", "CNewsdShim", "NewsdDates", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "NewsdXML", dependencies: ["CLibXML2"]),
        .target(name: "NewsdDates"),
        .target(name: "NewsdFeed", dependencies: ["NewsdXML", "NewsdDates"]),
        .target(name: "NewsdExtract", dependencies: ["NewsdXML", "NewsdDates", "NewsdDedupe"]),
        .target(name: "NewsdDedupe"),
        .target(name: "NewsdSpool"),
        .target(name: "NewsdState", dependencies: ["CSQLite"]),
        // Prometheus metrics: registry, exposition, loopback listener, node_exporter textfile.
        .target(name: "NewsdMetrics", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .target(name: "NewsdDaemon", dependencies: [
            "NewsdConfig", "NewsdFetch", "NewsdFeed", "NewsdExtract", "NewsdDedupe", "NewsdSpool", "NewsdState",
            "NewsdMetrics", .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "newsd", dependencies: [
            "NewsdDaemon", "NewsdConfig", "NewsdFetch", "NewsdFeed", "NewsdDates", "NewsdExtract", "NewsdDedupe",
            "NewsdMetrics", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Test support: a loopback HTTP server and log capture, shared by the test targets.
        .target(name: "NewsdTestSupport", dependencies: [.product(name: "Logging", package: "swift-log")]),

        .testTarget(name: "NewsdConfigTests", dependencies: ["NewsdConfig", "NewsdFetch", "NewsdExtract", "NewsdMetrics"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "NewsdFetchTests", dependencies: ["NewsdFetch", "NewsdTestSupport"]),
        .testTarget(name: "NewsdXMLTests", dependencies: ["NewsdXML"]),
        .testTarget(name: "NewsdDatesTests", dependencies: ["NewsdDates"]),
        .testTarget(name: "NewsdFeedTests", dependencies: ["NewsdFeed"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NewsdExtractTests", dependencies: ["NewsdExtract", "NewsdTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "NewsdDedupeTests", dependencies: ["NewsdDedupe"]),
        .testTarget(name: "NewsdSpoolTests", dependencies: ["NewsdSpool"]),
        .testTarget(name: "NewsdStateTests", dependencies: ["NewsdState"]),
        .testTarget(name: "NewsdMetricsTests", dependencies: ["NewsdMetrics", "NewsdTestSupport"]),
        .testTarget(name: "NewsdDaemonTests", dependencies: [
            "NewsdDaemon", "NewsdTestSupport", "NewsdConfig", "NewsdSpool", "NewsdState", "NewsdExtract", "NewsdDedupe",
            "NewsdMetrics",
        ]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
