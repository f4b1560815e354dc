// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Fuzz executables are linked with libFuzzer's `main`, so they only exist when `make fuzz`
/// asks for them (QUORUM_FUZZ=1); an ordinary build never sees them.
let fuzzing = ProcessInfo.processInfo.environment["QUORUM_FUZZ"] == "1"

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

var targets: [Target] = [
    .systemLibrary(
        name: "CLibEdit",
        pkgConfig: "libedit",
        providers: [.apt(["libedit-dev"])]
    ),
    .target(
        name: "QuorumSim",
        dependencies: [.product(name: "Collections", package: "swift-collections")],
        swiftSettings: strict
    ),
    .target(
        name: "QuorumModels",
        dependencies: ["QuorumSim", "QuorumCheck", .product(name: "Collections", package: "swift-collections")],
        swiftSettings: strict
    ),
    .target(
        name: "QuorumLab",
        dependencies: [
            "QuorumSim", "QuorumCheck", "QuorumModels", .product(name: "Collections", package: "swift-collections"),
        ],
        swiftSettings: strict
    ),
    .target(name: "QuorumQuiz", swiftSettings: strict),
    .target(name: "QuorumCheck", swiftSettings: strict),
    .target(
        name: "QuorumLessons",
        dependencies: ["QuorumQuiz", "QuorumModels", .product(name: "Yams", package: "Yams")],
        swiftSettings: strict
    ),
    .target(
        name: "QuorumStore",
        dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
        swiftSettings: strict
    ),
    .target(name: "QuorumTerminal", swiftSettings: strict),
    .target(
        name: "QuorumREPL",
        dependencies: [
            "CLibEdit", "QuorumSim", "QuorumModels", "QuorumQuiz", "QuorumLessons", "QuorumStore",
            "QuorumTerminal", "QuorumCheck", "QuorumLab",
        ],
        swiftSettings: strict
    ),
    .executableTarget(
        name: "quorum",
        dependencies: ["QuorumREPL", .product(name: "ArgumentParser", package: "swift-argument-parser")],
        swiftSettings: strict
    ),
    .executableTarget(
        name: "quorum-bench",
        dependencies: ["QuorumCheck", "QuorumSim", "QuorumModels", "QuorumLab"],
        swiftSettings: strict
    ),
    // Helpers shared by test targets; a library under Tests/ that only tests depend on.
    .target(
        name: "QuorumTestSupport",
        dependencies: [.product(name: "PropertyBased", package: "swift-property-based")],
        path: "Tests/QuorumTestSupport",
        swiftSettings: strict
    ),
    .testTarget(
        name: "QuorumSimTests",
        dependencies: [
            "QuorumSim", "QuorumTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: strict
    ),
    .testTarget(
        name: "QuorumModelsTests",
        dependencies: [
            "QuorumModels", "QuorumTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: strict
    ),
    .testTarget(
        name: "QuorumCheckTests",
        dependencies: ["QuorumCheck", "QuorumSim", .product(name: "PropertyBased", package: "swift-property-based")],
        swiftSettings: strict
    ),
    .testTarget(
        name: "QuorumLabTests",
        dependencies: ["QuorumLab", "QuorumCheck", "QuorumSim"],
        swiftSettings: strict
    ),
    .testTarget(name: "QuorumQuizTests", dependencies: ["QuorumQuiz", "QuorumSim"], swiftSettings: strict),
    .testTarget(
        name: "QuorumLessonsTests",
        dependencies: ["QuorumLessons"],
        resources: [.copy("Fixtures")],
        swiftSettings: strict
    ),
    .testTarget(name: "QuorumStoreTests", dependencies: ["QuorumStore"], swiftSettings: strict),
    .testTarget(
        name: "QuorumTerminalTests",
        dependencies: ["QuorumTerminal", "QuorumTestSupport"],
        resources: [.copy("Snapshots")],
        swiftSettings: strict
    ),
    .testTarget(
        name: "QuorumREPLTests",
        dependencies: ["QuorumREPL", "QuorumCheck", "QuorumTestSupport"],
        resources: [.copy("Snapshots")],
        swiftSettings: strict
    ),
    .testTarget(
        name: "QuorumEndToEndTests",
        dependencies: ["quorum"],
        swiftSettings: strict
    ),
]

if fuzzing {
    targets += [
        .executableTarget(
            name: "quorum-fuzz-lessons",
            dependencies: ["QuorumLessons"],
            path: "Fuzz/Lessons",
            swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "quorum-fuzz-history",
            dependencies: ["QuorumCheck"],
            path: "Fuzz/History",
            exclude: ["Seeds"],
            swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "quorum-fuzz-commands",
            dependencies: ["QuorumREPL"],
            path: "Fuzz/Commands",
            swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
}

let package = Package(
    name: "quorum",
    products: [.executable(name: "quorum", targets: ["quorum"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: targets
)
