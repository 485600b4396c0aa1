import Foundation
import Scenario
import Report

/// `compare --merge DIR...`: every `compare-part-*.json` in the directories, as one run;
/// and the end every compare shares: the table, compare.csv and compare.svg.
struct CompareMerge {
    let directories: [String]
    let report: String?

    func run() throws -> Int32 {
        var parts: [ComparePartial] = []
        for dir in directories {
            let k = Paths.kind(dir)
            guard k.directory else { throw UsageError("--merge \(dir): " + (k.exists ? "is a file, not a directory" : "no such directory")) }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .filter { $0.hasPrefix("compare-part-") && $0.hasSuffix(".json") }.sorted()
            for f in names {
                let path = dir + "/" + f
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw UsageError("cannot read \(path)") }
                do { parts.append(try ComparePartial(json: text)) } catch let p as ComparePartial.Problem {
                    throw UsageError("\(path): \(p.message)")
                } catch { throw UsageError("\(path): \(error)") }
            }
        }
        guard !parts.isEmpty else { throw UsageError("no compare-part-*.json in \(directories.joined(separator: " "))") }
        let merged: ComparePartial
        do { merged = try ComparePartial.merge(parts) } catch let p as ComparePartial.Problem {
            throw UsageError(p.message)
        } catch { throw UsageError("\(error)") }
        // Without --report the table's files go beside the first shard's.
        guard let target = report ?? directories.first else { throw UsageError("--merge needs the directories the shards wrote") }
        if report == nil { try Paths.outputDirectory(target, option: "--merge") }
        printOut("compare \(merged.scenario): merged \(merged.shards) shard(s), \(merged.outcomes.count) runs\n\n")
        return try Self.finish(name: merged.scenario, parameters: merged.parameters, combinations: merged.combinations,
                               seeds: merged.seeds, outcomes: merged.outcomes, report: target)
    }

    /// The table on stdout, and compare.csv and compare.svg in `report`.
    static func finish(name: String, parameters: [String], combinations: [[String]], seeds: Int,
                       outcomes: [Sweep.Outcome], report: String?) throws -> Int32 {
        let rows = Sweep.rows(combinations, outcomes)
        printOut(CompareTable.render(rows, parameters: parameters, seeds: seeds))
        let label = parameters.joined(separator: ", ")
        for r in rows where !r.problems.isEmpty {
            let values = zip(parameters, r.values).map { "\($0)=\($1)" }.joined(separator: " ")
            printOut("resortsim: \(values.isEmpty ? "" : values + ": ")\(r.problems.count) run(s) with a problem: \(r.problems[0])\n")
        }
        if let dir = report {
            try Support.write("the report", to: dir) {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try CompareTable.csv(rows, parameters: parameters).write(toFile: dir + "/compare.csv", atomically: true, encoding: .utf8)
                // Nothing varied: one row, and no axis to draw it against.
                guard !parameters.isEmpty else { return }
                try CompareTable.svg(rows, parameter: label, title: "\(name): availability and p99 by \(label)")
                    .write(toFile: dir + "/compare.svg", atomically: true, encoding: .utf8)
            }
        }
        return rows.contains { !$0.problems.isEmpty } ? 1 : 0
    }
}
