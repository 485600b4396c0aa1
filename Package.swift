// swift-tools-version:5.9
import PackageDescription

// resortsim has no package dependencies: the Swift toolchain only (house rule 1).

let releaseOnlyUnchecked: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
let package = Package(
    name: "resortsim",
    products: [
        .executable(name: "resortsim", targets: ["resortsim"]),
        .executable(name: "resortsim-bench", targets: ["resortsim-bench"]),
    ],
    dependencies: [],
    targets: [
        // The model is single-threaded: dynamic exclusivity checks cost a third of the
        // kernel's time and a tenth of a request's (perf, callgrind). Release builds skip
        // them; debug builds, which the tests use, keep them.
        .target(name: "SimCore", swiftSettings: releaseOnlyUnchecked),
        // The formats the model reads and writes: JSON, YAML, the value syntax, wall-clock text.
        .target(name: "Formats", dependencies: ["SimCore"], swiftSettings: releaseOnlyUnchecked),
        .target(name: "Infrastructure", dependencies: ["SimCore", "Formats"], swiftSettings: releaseOnlyUnchecked),
        .target(name: "Systems", dependencies: ["SimCore", "Formats", "Infrastructure"], swiftSettings: releaseOnlyUnchecked),
        .target(name: "Report", dependencies: ["SimCore", "Formats"]),
        .target(name: "Scenario", dependencies: ["SimCore", "Formats", "Infrastructure", "Systems", "Report"], swiftSettings: releaseOnlyUnchecked),
        .executableTarget(name: "resortsim", dependencies: ["Scenario", "Report", "SimCore", "Formats", "Infrastructure", "Systems"]),
        .executableTarget(name: "resortsim-bench", dependencies: ["SimCore", "Formats", "Infrastructure", "Systems", "Scenario"], swiftSettings: releaseOnlyUnchecked),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "SimCore"]),
        .testTarget(name: "InfrastructureTests", dependencies: ["Infrastructure", "Formats", "SimCore"]),
        .testTarget(name: "SystemsTests", dependencies: ["Systems", "Infrastructure", "Formats", "SimCore"], exclude: ["Fixtures"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Systems", "SimCore", "Formats", "Report"], exclude: ["Malformed"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "SimCore", "Formats"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Scenario", "Formats"]),
    ]
)
