import XCTest
import Systems
import Foundation
import SimCore
import Formats
import Report
@testable import Scenario

/// Deterministic mutation fuzzing of every kind of input file a user hands the tool: the
/// committed scenarios, manifests, application.yml files, params files, observed siege
/// outputs, compare partials and traces. Each mutant must be read to a value or refused
/// with a message; a crash or a hang fails the suite. Mutated scenarios that parse also run,
/// with small bounds, and must end.
final class InputMutationFuzzTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Mutants of `seed`: byte flips, deletions, duplications of a slice, and insertions of
    /// tokens that parsers find hard (quotes, brackets, huge numbers, NaN, deep nesting).
    struct Mutator {
        var rng: Xoshiro256StarStar
        static let tokens: [String] = ["\"", "'", "[", "]", "{", "}", ":", ",", "\n", "  ", "\t", "-", "#", "=", "${", "}",
                                       "99999999999999999999", "-1", "NaN", "1e309", "0x10", "%", "[[[[[[[[", "\u{0}", "\u{FFFD}", "null", "true"]
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
        mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
            var b = seed
            for _ in 0...below(4) {
                let at = below(b.count + 1)
                switch below(5) {
                case 0: if at < b.count { b[at] = UInt8(truncatingIfNeeded: rng.next()) }
                case 1: if at < b.count { b.removeSubrange(at..<min(b.count, at + 1 + below(16))) }
                case 2: let end = min(b.count, at + 1 + below(64)); if at < end { b.insert(contentsOf: b[at..<end], at: at) }
                case 3: b.insert(contentsOf: Array(Mutator.tokens[below(Mutator.tokens.count)].utf8), at: at)
                default: if at < b.count { b[at] = Array("0123456789".utf8)[below(10)] }
                }
            }
            return b
        }
    }

    func files(_ dir: String, _ suffixes: [String]) -> [String] {
        let base = Self.root.appendingPathComponent(dir).path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return [] }
        return names.filter { n in suffixes.contains { n.hasSuffix($0) } }.sorted().map { base + "/" + $0 }
    }

    func seeds(_ paths: [String]) -> [[UInt8]] { paths.compactMap { FileManager.default.contents(atPath: $0).map(Array.init) } }

    /// How many times more mutants to try than the suite's default (RESORTSIM_FUZZ_SCALE=N
    /// for a deeper, still deterministic, search).
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["RESORTSIM_FUZZ_SCALE"] ?? "") ?? 1)

    /// Calls `read` on `count` mutants of each seed.
    func fuzz(_ name: String, _ seedFiles: [[UInt8]], count: Int, _ read: ([UInt8]) -> Void) {
        XCTAssertFalse(seedFiles.isEmpty, "no seed files for \(name)")
        var m = Mutator(rng: Xoshiro256StarStar(seed: fnv1a64(name)))
        for seed in seedFiles { for _ in 0..<(count * Self.scale) { read(m.mutate(seed)) } }
    }

    func testScenariosParseOrAreRefusedAndRunWithinBounds() {
        let scenarioDir = Self.root.appendingPathComponent("scenarios").path
        var ran = 0
        fuzz("scenario", seeds(files("scenarios", [".scenario"])), count: 60) { bytes in
            // Parsed beside the real files, so that their relative paths (manifests, events) resolve.
            switch Parser.parse(bytes: bytes, file: scenarioDir + "/fuzz.scenario", maxRequests: 2_000) {
            case .failure(let e): XCTAssertFalse(e.diagnostics.isEmpty); XCTAssertFalse(e.diagnostics[0].message.isEmpty)
            case .success(let s):
                guard ran < 40 * Self.scale else { return }
                ran += 1
                var o = RunOptions(); o.quiet = true; o.maxEvents = 300_000
                _ = Runner(scenario: s, options: o, output: { _ in }).run()
            }
        }
        XCTAssertGreaterThan(ran, 0, "no mutant parsed: the mutations are too destructive to reach the runner")
    }

    func testManifestsAndApplicationYmlReadOrAreRefused() {
        let yml = seeds(files("scenarios/kubernetes", [".yml", ".yaml"]))
        fuzz("yaml", yml, count: 300) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do { _ = try YAML.documents(text) } catch let f as YAML.Failure { XCTAssertFalse(f.message.isEmpty); XCTAssertGreaterThan(f.line, 0) } catch { XCTFail("\(error)") }
            do { _ = try Manifest.read(text, services: TestSystems.resort.names) } catch let p as Manifest.Problem { XCTAssertFalse(p.message.isEmpty) } catch {}
        }
    }

    func testParamsFilesReadOrAreRefused() {
        fuzz("params", seeds(files("scenarios/observed", [".params"])), count: 300) { bytes in
            switch ParamsFile.parse(String(decoding: bytes, as: UTF8.self), file: "p.params") {
            case .success: break
            case .failure(let e): XCTAssertFalse(e.diagnostics.isEmpty)
            }
        }
    }

    func testObservedSiegeOutputsReadOrAreRefused() {
        fuzz("siege", seeds(files("scenarios/observed", [".txt"])), count: 300) { bytes in
            do {
                let o = try SiegeOutput(text: String(decoding: bytes, as: UTF8.self))
                XCTAssertTrue((o.availability ?? 0).isFinite && (o.transactionRate ?? 0).isFinite)
            } catch let p as SiegeOutput.Problem { XCTAssertFalse(p.message.isEmpty) } catch { XCTFail("\(error)") }
        }
    }

    func testComparePartialsReadOrAreRefusedAndMergedTablesRender() {
        var h = LatencyHistogram()
        for v in [1_000_000, 5_000_000] as [Int64] { h.record(v) }
        let s = RunSummary(hits: 1, failed: 1, elapsed: 2, totalTime: 0.006, breakerOpenShare: 0, histogram: h)
        let part = ComparePartial(scenario: "s", parameters: ["t"], combinations: [["1s"]], seeds: 2, baseSeed: 1, shard: 1, shards: 1,
                                  outcomes: [.init(combination: 0, seed: 0, summary: s, problem: nil), .init(combination: 0, seed: 1, summary: s, problem: nil)])
        fuzz("partial", [Array(part.encode().utf8)], count: 2000) { bytes in
            do {
                let p = try ComparePartial(json: String(decoding: bytes, as: UTF8.self))
                let merged = try ComparePartial.merge([p])
                let rows = Sweep.rows(merged.combinations, merged.outcomes)
                _ = CompareTable.render(rows, parameters: merged.parameters, seeds: merged.seeds)
                _ = CompareTable.csv(rows, parameters: merged.parameters)
            } catch let p as ComparePartial.Problem { XCTAssertFalse(p.message.isEmpty) } catch { XCTFail("\(error)") }
        }
    }

    func testTracesReadOrAreRefused() {
        let trace = #"[{"traceId":"a","id":"1","name":"POST /reservations","timestamp":1000,"duration":600,"localEndpoint":{"serviceName":"siege"},"tags":{"http.status_code":"500","error":"x"}},{"traceId":"a","id":"2","parentId":"1","name":"jpa","timestamp":1001,"duration":500,"localEndpoint":{"serviceName":"reservation"}}]"#
        fuzz("trace", [Array(trace.utf8)], count: 2000) { bytes in
            do {
                let v = try TraceView(json: String(decoding: bytes, as: UTF8.self))
                _ = v.breakdown()
                if let t = v.pick(.slowest) { _ = TraceView.tree(t) }
            } catch let p as TraceView.Problem { XCTAssertFalse(p.message.isEmpty) } catch { XCTFail("\(error)") }
        }
    }
}
