import XCTest
import Foundation

/// Reproduced command-line defects, each refused with one line and exit status 2 before
/// any long work starts (or, for a missing baseline, a warning or a failed gate).
extension CLITests {
    /// A directory with a scenario that has one small load, and no baseline for it.
    func tinyLoad(_ name: String) throws -> String {
        let dir = temp(name)
        try FileManager.default.createDirectory(atPath: dir + "/scenarios", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/baselines", withIntermediateDirectories: true)
        try "siege -c2 -r3 http://localhost:8082/resorts\nexpect transactions > 0\n"
            .write(toFile: dir + "/scenarios/tiny.scenario", atomically: true, encoding: .utf8)
        return dir
    }

    func testCheckRefusesABaselinesDirectoryThatDoesNotExist() throws {
        let missing = temp("no-baselines") + "/baselines"
        try assertUsageError(["check", "scenarios/f1-happy-path.scenario", "--baselines", missing],
                             "resortsim check: error: --baselines \(missing): no such directory; record baselines with --update-baselines")
        try assertUsageError(["check", "scenarios/f1-happy-path.scenario", "--baselines", "Package.swift"],
                             "resortsim check: error: --baselines Package.swift: is a file, not a directory")
    }

    func testAMissingBaselineWarnsUnlessRequiredThenFailsTheGate() throws {
        let dir = try tinyLoad("require")
        let warned = try run(["check", dir + "/scenarios", "--baselines", dir + "/baselines"])
        XCTAssertEqual(warned.status, 0, warned.out + warned.err)
        XCTAssertTrue(warned.out.contains("no baseline (make one with --update-baselines)"), warned.out)
        XCTAssertEqual(warned.err, "resortsim check: warning: tiny has no baseline \(dir)/baselines/tiny.json: its loads went unchecked (record it with --update-baselines; --require-baselines fails the gate)\n")
        let failed = try run(["check", dir + "/scenarios", "--baselines", dir + "/baselines", "--require-baselines"])
        XCTAssertEqual(failed.status, 1, failed.out + failed.err)
        XCTAssertTrue(failed.out.contains("  FAIL  \(dir)/scenarios/tiny.scenario: no baseline \(dir)/baselines/tiny.json (--require-baselines)\n"), failed.out)
        XCTAssertTrue(failed.out.hasSuffix("resortsim check: 1 scenarios, 0 failed expectation(s), 0 regression(s), 1 missing baseline(s)\n"), failed.out)
        // Once recorded, the same gate passes.
        let update = try run(["check", dir + "/scenarios", "--baselines", dir + "/baselines", "--update-baselines"])
        XCTAssertEqual(update.status, 0, update.out + update.err)
        let held = try run(["check", dir + "/scenarios", "--baselines", dir + "/baselines", "--require-baselines"])
        XCTAssertEqual(held.status, 0, held.out + held.err)
        XCTAssertEqual(held.err, "")
        XCTAssertTrue(held.out.hasSuffix("resortsim check: 1 scenarios, 0 failed expectation(s), 0 regression(s)\n"), held.out)
    }

    func testCalibrateRefusesWhatLeavesNothingToFit() throws {
        let dir = temp("calibrate")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let zeros = dir + "/zeros.txt", idle = dir + "/idle.txt", out = dir + "/f4.params"
        try "Transactions: 0 hits\nAvailability: 0.00 %\nResponse time: 0.00 secs\nTransaction rate: 0.00 trans/sec\n"
            .write(toFile: zeros, atomically: true, encoding: .utf8)
        try "Transactions: 0 hits\nAvailability: 100.00 %\nResponse time: 0.00 secs\nTransaction rate: 0.00 trans/sec\n"
            .write(toFile: idle, atomically: true, encoding: .utf8)
        let f4 = "scenarios/f4-breaker-resort.scenario", observed = "scenarios/observed/f4-siege.txt"
        try assertUsageError(["calibrate", f4, "--observed", zeros, "--out", out],
                             "resortsim calibrate: error: --observed \(zeros): its siege summary is all zeros: the run completed no transaction, so there is nothing to fit")
        try assertUsageError(["calibrate", f4, "--observed", idle, "--out", out],
                             "resortsim calibrate: error: --observed \(idle): its Transaction rate is 0.00 trans/sec: the run completed no transaction, so there is nothing to fit")
        try assertUsageError(["calibrate", "scenarios/f1-happy-path.scenario", "--observed", observed, "--out", out],
                             "resortsim calibrate: error: scenarios/f1-happy-path.scenario: the scenario has no siege or load command, so there is nothing to compare with an observed run")
        try assertUsageError(["calibrate", f4, "--observed", observed, "--out", out,
                              "--fit", "resortsim.request-cpu=1ms..2ms", "--fit", "resortsim.request-cpu=2ms..3ms"],
                             "resortsim calibrate: error: --fit resortsim.request-cpu is given twice (give each NAME once, as NAME=LOW..HIGH)")
        // The validation's inputs and the output are checked before the fit starts.
        try assertUsageError(["calibrate", f4, "--observed", observed, "--out", out,
                              "--validate", dir + "/nope.scenario", "--observed-validate", "scenarios/observed/f5-siege.txt"],
                             "resortsim calibrate: error: --validate \(dir)/nope.scenario: no such file")
        try assertUsageError(["calibrate", f4, "--observed", observed, "--out", out,
                              "--validate", "scenarios/f1-happy-path.scenario", "--observed-validate", "scenarios/observed/f5-siege.txt"],
                             "resortsim calibrate: error: --validate scenarios/f1-happy-path.scenario: the scenario has no siege or load command, so there is nothing to compare with an observed run")
        try assertUsageError(["calibrate", f4, "--observed", observed, "--out", out, "--validate", "scenarios/f5-breaker-payment.scenario"],
                             "resortsim calibrate: error: --validate needs --observed-validate FILE (the observed run it is compared with)")
        try assertUsageError(["calibrate", f4, "--observed", observed, "--out", dir],
                             "resortsim calibrate: error: --out \(dir): is a directory (expected the name of a file to write)")
        try assertUsageError(["calibrate", f4, "--observed", observed, "--out", "Package.swift/f4.params"],
                             "resortsim calibrate: error: --out Package.swift/f4.params: Package.swift is a file, not a directory")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

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

    func testCompareNamesTheParameterTheScenarioLacks() throws {
        let f4 = "scenarios/f4-breaker-resort.scenario"
        try assertUsageError(["compare", f4, "--vary", "timeot=1s,2s"],
                             "resortsim compare: error: --vary timeot=...: \(f4) declares no parameter 'timeot' (did you mean 'timeout'? it declares: timeout, coreSize)")
        try assertUsageError(["compare", f4, "--vary", "timeout=1s", "--set", "threads=3"],
                             "resortsim compare: error: --set threads=...: \(f4) declares no parameter 'threads' (it declares: timeout, coreSize)")
        try assertUsageError(["compare", "scenarios/f1-happy-path.scenario", "--vary", "timeout=1s"],
                             "resortsim compare: error: --vary timeout=...: scenarios/f1-happy-path.scenario declares no parameter 'timeout' (it declares none; add: param timeout = VALUE)")
    }
}

/// Loads beyond the request budget are refused before they run; `--max-requests` raises it.
extension CLITests {
    func testALoadBeyondTheRequestBudgetIsRefusedBeforeItRuns() throws {
        let dir = temp("budget")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/big.scenario"
        try "siege -c1 -r100000000 http://localhost:8082/resorts\n".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try run(["run", file])
        XCTAssertEqual(refused.status, 2)
        XCTAssertEqual(refused.out, "")
        XCTAssertEqual(refused.err, "\(file):1:1: error: this siege sends 100000000 requests (-c1 x -r100000000), more than the budget of 10000000 a command; lower -c or -r, use -t, or raise the budget with --max-requests N\n")
        let raised = try run(["validate", file, "--max-requests", "100000000"])
        XCTAssertEqual(raised.status, 0, raised.err)
        for command in ["check", "compare", "chaos", "calibrate"] {
            XCTAssertTrue(try run([command, "--help"]).out.contains("--max-requests N"), command)
        }
    }

    func testUnreadableScenarioFilesSayWhyInOneLine() throws {
        let dir = temp("unreadable")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let a = try run(["run", dir])
        XCTAssertEqual(a.status, 2)
        XCTAssertEqual(a.err, "\(dir): error: is a directory (expected a file)\n")
        let b = try run(["validate", "/dev/null"])
        XCTAssertEqual(b.status, 2)
        XCTAssertEqual(b.err, "/dev/null: error: is not a regular file (a device, pipe or socket; expected a file)\n")
    }
}

extension CLITests {
    /// chaos's minimal schedules of a scenario with a `system PATH` line take the system's
    /// folder along, at the same relative path, so that each replays from anywhere.
    func testChaosSchedulesOfAnotherSystemReplayOnIt() throws {
        let out = temp("chaos-system") + "/chaos"
        let r = try run(["chaos", "scenarios/food-happy-path.scenario", "--schedules", "6", "--seed", "3", "--report", out])
        XCTAssertEqual(r.status, 1, r.out + r.err)
        let schedules = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".scenario") }.sorted()
        guard let first = schedules.first else { return XCTFail("no schedule written: \(r.out)") }
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/../systems/food-delivery/system.yml"))
        let replay = try run(["validate", out + "/" + first])
        XCTAssertEqual(replay.status, 0, replay.err)
    }
}
