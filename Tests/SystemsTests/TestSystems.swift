import Foundation
import Systems

/// The systems the tests run, read from the repository's `systems/` folder.
enum TestSystems {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let resort: SystemDefinition = load("resort-reservation")

    static func load(_ name: String) -> SystemDefinition {
        switch SystemLoader.load(directory: root + "/systems/" + name) {
        case .success(let s): return s
        case .failure(let e): fatalError("systems/\(name) does not load: \(e.problems.map { "\($0.file):\($0.line):\($0.column): \($0.message)" })")
        }
    }
}
