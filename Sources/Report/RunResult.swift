import SimCore

/// One expectation's outcome.
public struct ExpectationResult: Sendable {
    public let line: Int
    public let text: String
    public let passed: Bool
    public let measured: String
    public init(line: Int, text: String, passed: Bool, measured: String) {
        self.line = line; self.text = text; self.passed = passed; self.measured = measured
    }
}

/// Everything a run produced that reports need.
public struct RunResult: Sendable {
    public var scenario: String
    public var file: String
    public var seed: UInt64
    public var version: String
    public var params: [(String, String)]
    public var loads: [LoadFigures] = []
    public var expectations: [ExpectationResult] = []
    public var events: [JSON] = []
    public var virtualSeconds: Double = 0
    public var simulatedEvents: UInt64 = 0
    public var warnings: [String] = []

    public init(scenario: String, file: String, seed: UInt64, version: String, params: [(String, String)]) {
        self.scenario = scenario; self.file = file; self.seed = seed; self.version = version; self.params = params
    }

    public var passed: Bool { expectations.allSatisfy { $0.passed } }
}
