import Foundation

/// Reads a file a user named (a scenario, a params file, an observed siege output, a
/// manifest), and says in one line what is wrong when it cannot: missing, a directory, not a
/// regular file, empty, or not UTF-8 text.
public enum InputFile {
    public static func bytes(_ path: String) -> Result<[UInt8], Diagnostic> {
        func problem(_ m: String) -> Result<[UInt8], Diagnostic> { .failure(Diagnostic(file: path, line: 0, column: 0, message: m)) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return problem("no such file") }
        if isDirectory.boolValue { return problem("is a directory (expected a file)") }
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard type == .typeRegular else { return problem("is not a regular file (a device, pipe or socket; expected a file)") }
        guard let data = FileManager.default.contents(atPath: path) else { return problem("cannot be read (permission denied?)") }
        guard !data.isEmpty else { return problem("is empty") }
        return .success(Array(data))
    }

    public static func read(_ path: String) -> Result<String, Diagnostic> {
        switch bytes(path) {
        case .failure(let d): return .failure(d)
        case .success(let b):
            guard let text = String(validating: b, as: UTF8.self) else {
                return .failure(Diagnostic(file: path, line: 0, column: 0, message: "is not UTF-8 text"))
            }
            return .success(text)
        }
    }
}
