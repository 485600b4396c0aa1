import Foundation
import Formats
import Systems

/// Finds and loads the system a scenario runs: its `system PATH` line (a folder, relative
/// to the scenario's directory as kubectl's `-f` is), or the default system, which
/// `systems/DEFAULT` names (one line: a folder of `systems/`), looked for in the scenario's
/// parent directory, then in the current directory.
public enum SystemResolver {
    /// The file that names the default system, inside a `systems/` folder.
    public static let defaultFile = "DEFAULT"

    static func system(for lines: [SourceLine], file: String, directory: String) -> Result<SystemDefinition, ScenarioErrors> {
        let named = lines.filter { $0.words.first?.text == "system" }
        if named.count > 1 {
            let w = named[1].words[0]
            return .failure(ScenarioErrors(diagnostics: [Diagnostic(file: file, line: w.line, column: w.column,
                message: "a scenario runs one system: 'system' is given again (first on line \(named[0].line))")]))
        }
        if let line = named.first {
            guard line.words.count == 2 else {
                let w = line.words.count > 2 ? line.words[2] : line.words[0]
                return .failure(ScenarioErrors(diagnostics: [Diagnostic(file: file, line: w.line, column: w.column,
                    message: "system needs one path, the system's folder (expected: system ../systems/NAME)")]))
            }
            let w = line.words[1]
            let path = normalized(w.text.hasPrefix("/") ? w.text : (directory as NSString).appendingPathComponent(w.text))
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
                return .failure(ScenarioErrors(diagnostics: [Diagnostic(file: file, line: w.line, column: w.column,
                    message: "no system folder '\(w.text)' (\(path)): a path relative to the scenario, such as ../systems/NAME")]))
            }
            guard FileManager.default.fileExists(atPath: path + "/system.yml") else {
                return .failure(ScenarioErrors(diagnostics: [Diagnostic(file: file, line: w.line, column: w.column,
                    message: "'\(w.text)' (\(path)) has no system.yml: a system's folder holds its system.yml (docs/SYSTEMS.md)")]))
            }
            return load(path)
        }
        switch defaultSystem(near: directory) {
        case .success(let path): return load(path)
        case .failure(let d): return .failure(ScenarioErrors(diagnostics: [Diagnostic(file: file, line: 0, column: 0, message: d.message)]))
        }
    }

    /// The default system's folder: `systems/DEFAULT` next to the scenario's directory
    /// (`scenarios/x.scenario` → `systems/`), else in the current directory.
    public static func defaultSystem(near directory: String) -> Result<String, SystemNotFound> {
        let parent = normalized((directory.isEmpty ? "." : directory) + "/..")
        var tried: [String] = []
        for base in [parent, "."] {
            let systems = normalized(base + "/systems")
            let marker = systems + "/" + defaultFile
            tried.append(marker)
            guard let text = try? String(contentsOfFile: marker, encoding: .utf8) else { continue }
            let lines = text.textLines.map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            let name = lines.first ?? ""
            guard lines.count == 1, !name.contains("/") else { return .failure(SystemNotFound(message: "\(marker) must name one folder of systems/ on one line (found '\(lines.joined(separator: "', '"))')")) }
            return .success(normalized(systems + "/" + name))
        }
        return .failure(SystemNotFound(message: "the scenario names no system (add a line: system PATH) and no default system was found (tried \(tried.joined(separator: " and ")))"))
    }

    static func load(_ path: String) -> Result<SystemDefinition, ScenarioErrors> {
        switch SystemLoader.load(directory: path) {
        case .success(let s): return .success(s)
        case .failure(let e):
            return .failure(ScenarioErrors(diagnostics: e.problems.map { Diagnostic(file: normalized($0.file), line: $0.line, column: $0.column, message: $0.message) }))
        }
    }

    /// `a/./b/../c` → `a/c`, keeping a leading `..` and an absolute path's `/`.
    public static func normalized(_ path: String) -> String {
        var out: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == "..", let last = out.last, last != ".." { out.removeLast(); continue }
            out.append(c)
        }
        let joined = out.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}

/// No default system: what was looked for.
public struct SystemNotFound: Error, Sendable { public let message: String }
