import XCTest
import Foundation

/// Reproduced command-line defects, each refused with one line and exit status 2 before
/// any long work starts (or, for a missing baseline, a warning or a failed gate).
extension CLITests {
    func testEveryOutputPathIsCheckedBeforeTheWorkStarts() throws {
        let f1 = "scenarios/f1-happy-path.scenario", f4 = "scenarios/f4-breaker-resort.scenario"
        try assertUsageError(["chaos", f1, "--schedules", "1", "--report", "Package.swift/chaos"],
                             "resortsim chaos: error: --report Package.swift/chaos: Package.swift is a file, not a directory")
        try assertUsageError(["compare", f4, "--vary", "timeout=1s", "--report", "Package.swift/out"],
                             "resortsim compare: error: --report Package.swift/out: Package.swift is a file, not a directory")
        try assertUsageError(["run", f1, "--report", "Package.swift"],
                             "resortsim run: error: --report Package.swift: is a file, not a directory")
        try assertUsageError(["run", f1, "--trace", "Package.swift/t.json"],
                             "resortsim run: error: --trace Package.swift/t.json: Package.swift is a file, not a directory")
        try assertUsageError(["check", f1, "--report", "Package.swift/r"],
                             "resortsim check: error: --report Package.swift/r: Package.swift is a file, not a directory")
        // A directory where a file goes: said in words, not as NSCocoaErrorDomain error 512.
        let dir = temp("trace-dir")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try assertUsageError(["run", f1, "--trace", dir],
                             "resortsim run: error: --trace \(dir): is a directory (expected the name of a file to write)")
        // Several files write OUT-NAME.json: each is checked before the first run.
        try FileManager.default.createDirectory(atPath: dir + "/t-f3-sync-coupling.json", withIntermediateDirectories: true)
        try assertUsageError(["run", f1, "scenarios/f3-sync-coupling.scenario", "--trace", dir + "/t.json"],
                             "resortsim run: error: --trace \(dir)/t-f3-sync-coupling.json: is a directory (expected the name of a file to write)")
    }

    func testTraceFiltersNeedATraceFile() throws {
        let f1 = "scenarios/f1-happy-path.scenario"
        try assertUsageError(["run", f1, "--trace-failed"], "resortsim run: error: --trace-failed needs --trace OUT.json (it chooses what that file keeps)")
        try assertUsageError(["run", f1, "--trace-sample", "0.5"], "resortsim run: error: --trace-sample needs --trace OUT.json (it chooses what that file keeps)")
        try assertUsageError(["run", f1, "--trace-slowest=3"], "resortsim run: error: --trace-slowest needs --trace OUT.json (it chooses what that file keeps)")
    }
}
