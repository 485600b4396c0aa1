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
        .target(name: "Infrastructure", dependencies: ["SimCore"], swiftSettings: releaseOnlyUnchecked),
        .target(name: "ResortSystem", dependencies: ["SimCore", "Infrastructure"], swiftSettings: releaseOnlyUnchecked),
        .target(name: "Report", dependencies: ["SimCore"]),
        .target(name: "Scenario", dependencies: ["SimCore", "Infrastructure", "ResortSystem", "Report"], swiftSettings: releaseOnlyUnchecked),
        .executableTarget(name: "resortsim", dependencies: ["Scenario", "Report", "SimCore"]),
        .executableTarget(name: "resortsim-bench", dependencies: ["SimCore", "Infrastructure", "ResortSystem", "Scenario"], swiftSettings: releaseOnlyUnchecked),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore"]),
        .testTarget(name: "InfrastructureTests", dependencies: ["Infrastructure", "SimCore"]),
        .testTarget(name: "ResortSystemTests", dependencies: ["ResortSystem", "Infrastructure", "SimCore"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "ResortSystem", "SimCore", "Report"], exclude: ["Malformed"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "SimCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Scenario"]),
    ]
)
