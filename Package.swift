// swift-tools-version:5.9
import PackageDescription

// resortsim has no package dependencies: the Swift toolchain only (house rule 1).
let package = Package(
    name: "resortsim",
    products: [
        .executable(name: "resortsim", targets: ["resortsim"]),
        .executable(name: "resortsim-bench", targets: ["resortsim-bench"]),
    ],
    dependencies: [],
    targets: [
        // The kernel's hot loop: dynamic exclusivity checks cost a third of its time (perf),
        // and the kernel is single-threaded and covered by its own tests.
        .target(name: "SimCore", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "Infrastructure", dependencies: ["SimCore"]),
        .target(name: "ResortSystem", dependencies: ["SimCore", "Infrastructure"]),
        .target(name: "Report", dependencies: ["SimCore"]),
        .target(name: "Scenario", dependencies: ["SimCore", "Infrastructure", "ResortSystem", "Report"]),
        .executableTarget(name: "resortsim", dependencies: ["Scenario", "Report", "SimCore"]),
        .executableTarget(name: "resortsim-bench", dependencies: ["SimCore", "Infrastructure", "ResortSystem", "Scenario"]),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore"]),
        .testTarget(name: "InfrastructureTests", dependencies: ["Infrastructure", "SimCore"]),
        .testTarget(name: "ResortSystemTests", dependencies: ["ResortSystem", "Infrastructure", "SimCore"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "ResortSystem", "SimCore", "Report"], exclude: ["Malformed"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "SimCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Scenario"]),
    ]
)
