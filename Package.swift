// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Orkestra",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ork", targets: ["ork"]),
        .library(name: "OrkCore", targets: ["OrkCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "OrkCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ork",
            dependencies: [
                "OrkCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ork-bench",
            dependencies: ["OrkCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OrkCoreTests",
            dependencies: ["OrkCore"],
            resources: [.copy("Golden")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
