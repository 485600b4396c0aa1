import Foundation
import Infrastructure
import Systems
import Formats

/// A params file: `KEY=VALUE` lines (`#` comments), each a Spring Boot or resortsim
/// property applied to every service before the scenario's own `config` lines. Written
/// by `resortsim calibrate`, read by `run`, `compare` and `check` (`--params FILE`).
public struct ParamsFile: Equatable {
    public var settings: [(String, String)]

    public static func == (a: ParamsFile, b: ParamsFile) -> Bool {
        a.settings.map { $0.0 + "=" + $0.1 } == b.settings.map { $0.0 + "=" + $0.1 }
    }

    public init(settings: [(String, String)]) { self.settings = settings }

    /// Reads and checks a params file: every key must be one the model binds and every
    /// value valid for it, or the problems are listed (FILE:LINE:COLUMN).
    public static func read(file: String) -> Result<ParamsFile, ScenarioErrors> {
        let text: String
        switch InputFile.read(file) {
        case .success(let t): text = t
        case .failure(let d): return .failure(ScenarioErrors(diagnostics: [d]))
        }
        return parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) -> Result<ParamsFile, ScenarioErrors> {
        var settings: [(String, String)] = []
        var lineOf: [String: Int] = [:] // the line of each key (relaxed binding)
        var problems: [Diagnostic] = []
        for (n, raw) in text.textLines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let column = raw.count - raw.drop { $0 == " " || $0 == "\t" }.count + 1
            guard let eq = line.firstIndex(of: "=") else {
                problems.append(Diagnostic(file: file, line: n + 1, column: column, message: "expected KEY=VALUE, such as resortsim.cost.console-write=500us"))
                continue
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                problems.append(Diagnostic(file: file, line: n + 1, column: column, message: "a setting needs a key before '=' (KEY=VALUE, such as resortsim.cost.console-write=500us)"))
                continue
            }
            let model = SpringBootConfig()
            guard model.isBound(key) else {
                let hint = suggestion(for: key, among: model.boundKeys).map { " (did you mean '\($0)'?)" }
                    ?? " (expected a key the model reads: hystrix.*, resilience4j.*, logging.level.*, resortsim.cost.*, or one of \(model.boundKeys.joined(separator: ", ")))"
                problems.append(Diagnostic(file: file, line: n + 1, column: column, message: "unknown setting '\(key)'" + hint))
                continue
            }
            if let line = lineOf[SpringBootConfig.canonical(key)] {
                problems.append(Diagnostic(file: file, line: n + 1, column: column, message: "\(key) is set twice (first on line \(line))"))
                continue
            }
            lineOf[SpringBootConfig.canonical(key)] = n + 1
            var probe = SpringBootConfig()
            do { try probe.set(key, value) } catch let e as ValueError {
                problems.append(Diagnostic(file: file, line: n + 1, column: column, message: "\(key): \(e.message)"))
                continue
            } catch {
                problems.append(Diagnostic(file: file, line: n + 1, column: column, message: "\(key): \(error)"))
                continue
            }
            settings.append((key, value))
        }
        return problems.isEmpty ? .success(ParamsFile(settings: settings)) : .failure(ScenarioErrors(diagnostics: problems))
    }

    /// The file's text: a header, then one line per setting.
    public func render(header: [String]) -> String {
        header.map { "# " + $0 + "\n" }.joined() + settings.map { "\($0.0)=\($0.1)\n" }.joined()
    }
}
