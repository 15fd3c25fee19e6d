// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Orkestra",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ork", targets: ["ork"]),
        .library(name: "OrkValue", targets: ["OrkValue"]),
        .library(name: "OrkTemplate", targets: ["OrkTemplate"]),
        .library(name: "OrkKatalog", targets: ["OrkKatalog"]),
        .library(name: "OrkStats", targets: ["OrkStats"]),
        .library(name: "OrkKube", targets: ["OrkKube"]),
        .library(name: "OrkSandbox", targets: ["OrkSandbox"]),
        .library(name: "OrkRuntime", targets: ["OrkRuntime"]),
        .library(name: "OrkGateway", targets: ["OrkGateway"]),
        .executable(name: "ork-gateway", targets: ["ork-gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Without its default traits: FullFoundation would link Foundation and its ICU data (39 MB) into
        // both binaries for a DateFormatter form-decoding strategy we do not use; ConfigurationSupport
        // (swift-configuration) is not used either.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The pure core, split by concern; the modules form a tree (OrkValue ← OrkTemplate ← OrkKatalog,
        // OrkStats on its own). JSON and YAML values, patches, base64, hashing, the shared request shapes.
        .target(
            name: "OrkValue",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The Go-template engine and the rule evaluator (conditions, validation and mutation rules, RE2).
        .target(
            name: "OrkTemplate",
            dependencies: ["OrkValue"],
            swiftSettings: strict
        ),
        // The Katalog: model, loader, checks, report, child manifests, RBAC and the install bundle.
        .target(
            name: "OrkKatalog",
            dependencies: ["OrkValue", "OrkTemplate"],
            swiftSettings: strict
        ),
        // Latency histograms, Prometheus text, the API's timestamp and duration formats, the pod identity.
        .target(
            name: "OrkStats",
            swiftSettings: strict
        ),
        // /metrics: swift-metrics written into a swift-prometheus registry, with help text per family.
        .target(
            name: "OrkMetrics",
            dependencies: [
                "OrkStats",
                "OrkValue",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkMetricsTests",
            dependencies: [
                "OrkMetrics",
                "OrkStats",
                "OrkValue",
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // The HTTP contract: one Codable type per runtime and gateway response, encoded by the servers
        // and decoded by the Control Center and the gateway's fleet view.
        .target(
            name: "OrkAPI",
            dependencies: ["OrkValue", "OrkStats"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkAPITests",
            dependencies: ["OrkAPI", "OrkValue"],
            swiftSettings: strict
        ),
        .target(
            name: "OrkKube",
            dependencies: [
                "OrkValue",
                "CProcessSpawn",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OrkSandboxAdmission",
            dependencies: ["OrkSandbox", "OrkGateway", "OrkKatalog", "OrkValue"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkSandboxAdmissionTests",
            dependencies: ["OrkSandboxAdmission", "OrkSandbox", "OrkKatalog", "OrkKube", "OrkValue", "OrkTestSupport"],
            swiftSettings: strict
        ),
        .target(
            name: "OrkE2E",
            dependencies: [
                "OrkKatalog", "OrkKube", "OrkRuntime", "OrkSandbox", "OrkSandboxAdmission", "OrkValue", "OrkStats",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkE2ETests",
            dependencies: ["OrkE2E", "OrkKatalog", "OrkValue"],
            swiftSettings: strict
        ),
        .target(
            name: "OrkInit",
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkInitTests",
            dependencies: ["OrkInit", "OrkE2E", "OrkKatalog", "OrkTestSupport"],
            swiftSettings: strict
        ),
        .target(
            name: "OrkAccess",
            dependencies: ["OrkKube", "OrkValue", "OrkTemplate", "OrkHTTPServer"],
            swiftSettings: strict
        ),
        .target(
            name: "OrkPatternFetch",
            dependencies: [
                "OrkKatalog",
                "OrkValue",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkPatternFetchTests",
            dependencies: [
                "OrkPatternFetch", "OrkKatalog", "OrkValue",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        // glibc's mmap threshold, fixed so that freed request bodies go back to the system.
        .target(name: "CMallocTuning"),
        // pipe2 and posix_spawn's closefrom, which Swift's Glibc module does not declare (GNU extensions).
        .target(name: "CProcessSpawn"),
        // Limits every HTTP listener shares (timeouts, connection cap, body cap, requests in flight).
        .target(
            name: "OrkHTTPServer",
            dependencies: [
                "OrkValue",
                "OrkAPI",
                "CMallocTuning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkHTTPServerTests",
            dependencies: [
                "OrkHTTPServer", "OrkAPI", "OrkValue", "OrkKatalog", "OrkStats", "OrkKube", "OrkGateway", "OrkRuntime", "OrkSandbox", "OrkTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OrkSandbox",
            dependencies: [
                "OrkValue",
                "OrkHTTPServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OrkRuntime",
            dependencies: [
                "OrkAccess",
                "OrkValue",
                "OrkTemplate",
                "OrkKatalog",
                "OrkStats",
                "OrkMetrics",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "OrkAPI",
                "OrkKube",
                "OrkHTTPServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OrkGateway",
            dependencies: [
                "OrkAccess",
                "OrkValue",
                "OrkTemplate",
                "OrkKatalog",
                "OrkStats",
                "OrkMetrics",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "OrkAPI",
                "OrkKube",
                "OrkHTTPServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ork-gateway",
            dependencies: [
                "OrkValue",
                "OrkKatalog",
                "OrkPatternFetch",
                "OrkKube",
                "OrkGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ork",
            dependencies: [
                "OrkValue",
                "OrkKatalog",
                "OrkInit",
                "OrkE2E",
                "OrkSandboxAdmission",
                "OrkPatternFetch",
                "OrkMetrics",
                "OrkKube",
                "OrkRuntime",
                "OrkSandbox",
                "OrkControlTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ork-bench",
            dependencies: [
                "OrkValue", "OrkKatalog", "OrkStats", "OrkKube", "OrkSandbox", "OrkRuntime",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkKubeTests",
            dependencies: ["OrkKube", "OrkValue", "OrkKatalog", "OrkTestSupport"],
            swiftSettings: strict
        ),
        .target(
            name: "TestRandom",
            path: "Tests/TestRandom",
            swiftSettings: strict
        ),
        .target(
            name: "OrkTestSupport",
            dependencies: [
                "OrkKube", "OrkSandbox", "OrkValue", "TestRandom",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Tests/Support",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["OrkKube", "OrkSandbox", "OrkValue", "OrkKatalog", "OrkTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkSandboxTests",
            dependencies: ["OrkSandbox", "OrkValue", "OrkKatalog", "OrkTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkRuntimeTests",
            dependencies: ["OrkRuntime", "OrkAPI", "OrkKube", "OrkSandbox", "OrkValue", "OrkTemplate", "OrkKatalog", "OrkStats",
                           "OrkMetrics", "TestRandom", .product(name: "CoreMetrics", package: "swift-metrics")],
            resources: [.copy("Golden")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RuntimeScenarioTests",
            dependencies: ["OrkRuntime", "OrkGateway", "OrkAccess", "OrkControlTUI", "OrkKube", "OrkSandbox", "OrkValue", "OrkTemplate", "OrkKatalog", "OrkStats",
                           "OrkTestSupport", "OrkE2E", "OrkInit"],
            exclude: ["Katalogs"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkAccessTests",
            dependencies: ["OrkAccess", "OrkHTTPServer", "OrkTemplate", "OrkValue"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkGatewayTests",
            dependencies: [
                "OrkGateway", "OrkAccess", "OrkAPI", "OrkKube", "OrkSandbox", "OrkValue", "OrkTemplate", "OrkKatalog", "OrkStats",
                "OrkTestSupport", "OrkMetrics",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Katalogs"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkValueTests",
            // Yams (libyaml) only as the differential oracle of the YAML parser's tests.
            dependencies: ["OrkValue", "TestRandom", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkTemplateTests",
            dependencies: ["OrkTemplate", "OrkValue", "OrkTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkKatalogTests",
            dependencies: ["OrkKatalog", "OrkTemplate", "OrkValue", "OrkTestSupport"],
            resources: [.copy("Golden")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkStatsTests",
            dependencies: ["OrkStats"],
            swiftSettings: strict
        ),

        // MARK: Control Center (`ork control`, issue #7): ncursesw, its C shim, the TUI and its tests.
        .systemLibrary(
            name: "CNCursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "CNCursesShim", dependencies: ["CNCursesw"]),
        .target(
            name: "OrkControlTUI",
            dependencies: [
                "OrkValue",
                "OrkAPI",
                "OrkKube",
                "CNCursesw",
                "CNCursesShim",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkControlTUITests",
            dependencies: ["OrkControlTUI", "OrkAPI", "OrkKube", "OrkValue", "OrkTestSupport"],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
