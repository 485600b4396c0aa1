import SimCore
import Formats

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

/// A circuit breaker's state change, as the run's timeline records it.
public struct BreakerTransition: Sendable {
    public let time: Double
    /// `caller->client`, e.g. `order->stock`.
    public let breaker: String
    public let command: String
    public let from: String
    public let to: String
    /// The health counts that opened it, when a snapshot did.
    public let total: Int64?
    public let errors: Int64?
    public init(time: Double, breaker: String, command: String, from: String, to: String, total: Int64?, errors: Int64?) {
        self.time = time; self.breaker = breaker; self.command = command; self.from = from; self.to = to
        self.total = total; self.errors = errors
    }
}

/// A Deployment's replicas, pods, ready pods and restarts after a change.
public struct KubeTimelineEntry: Sendable {
    public let time: Double
    public let deployment: String
    public let replicas, pods, ready, restarts: Int
    public init(time: Double, deployment: String, replicas: Int, pods: Int, ready: Int, restarts: Int) {
        self.time = time; self.deployment = deployment; self.replicas = replicas; self.pods = pods; self.ready = ready; self.restarts = restarts
    }
}

/// One virtual second of the run: the load's requests that ended in it, breaker states,
/// and per service its replicas, ready pods, CPU and consumer lag.
public struct TimelineRow: Sendable {
    public struct Service: Sendable {
        public let name: String
        public let replicas, ready, cpuMilli: Int
        public let lag: Int64
        public init(name: String, replicas: Int, ready: Int, cpuMilli: Int, lag: Int64) {
            self.name = name; self.replicas = replicas; self.ready = ready; self.cpuMilli = cpuMilli; self.lag = lag
        }
    }
    /// The second's end (1 for the first second).
    public let second: Int
    /// Requests sent in the second, and requests that ended in it (succeeded: status below 400).
    public var offered = 0, succeeded = 0, failed = 0
    public var p50: Double? = nil, p99: Double? = nil
    /// Breaker (`caller->client`) and its state at the second's end, by name.
    public var breakers: [(String, String)] = []
    public var services: [Service] = []
    public init(second: Int) { self.second = second }
    public var availability: Double? { succeeded + failed == 0 ? nil : Double(succeeded) / Double(succeeded + failed) * 100 }
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
    public var breakerTransitions: [BreakerTransition] = []
    public var kubernetesTimeline: [KubeTimelineEntry] = []
    /// One row per virtual second.
    public var timeline: [TimelineRow] = []
    public var virtualSeconds: Double = 0
    public var simulatedEvents: UInt64 = 0
    /// The kernel's event fingerprint (hex): equal before and after a refactor that changed nothing.
    public var eventFingerprint = ""
    /// The kept traces as Zipkin v2 JSON, when the run was traced.
    public var zipkinJSON: String? = nil
    /// How many traces were kept.
    public var tracesKept = 0
    public var warnings: [String] = []

    public init(scenario: String, file: String, seed: UInt64, version: String, params: [(String, String)]) {
        self.scenario = scenario; self.file = file; self.seed = seed; self.version = version; self.params = params
    }

    public var passed: Bool { expectations.allSatisfy { $0.passed } }
}
