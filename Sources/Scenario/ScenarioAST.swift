import SimCore
import Infrastructure
import Formats
import Systems

/// Where a request goes: a host (`localhost:8081`, `stock:8080`) and a path.
public struct Target: Equatable, Sendable {
    public let host: String
    public let path: String
    /// The URL as siege and httpie display it.
    public var url: String { "http://\(host)\(path)" }
}

/// An `http` command (httpie syntax).
public struct HttpCommand: Sendable {
    public let method: String
    public let target: Target
    public let body: JSON?
}

/// A `siege` command: closed-loop users as siege 4 runs them.
public struct SiegeCommand: Sendable {
    public var concurrency = 10              // siege's default -c
    public var time: SimDuration? = nil
    public var reps: Int? = nil
    /// siege's `delay`, in seconds: 0.0, the `delay = 0.0` of the siegerc that siege 4.0.x
    /// installs (`doc/siegerc.in` of the 4.x line; 3.x shipped `delay = 1`). The seed's
    /// runs used siege 4.0.4 and 4.0.5 without `-d`. `-d N` sets it, `-b` makes it 0.
    public static let defaultDelay: Double = 0
    public var delay: Double = SiegeCommand.defaultDelay
    public var verbose = false
    /// `--content-type`; without it siege 4.0.x sends POST data as
    /// `application/x-www-form-urlencoded` (its `my.conttype` default, siege(1)).
    public var contentType: String? = nil
    public static let defaultContentType = "application/x-www-form-urlencoded"
    public var method = "GET"
    public var target: Target
    public var body: JSON? = nil
}

/// A `load` command: open-loop arrivals.
public struct LoadCommand: Sendable {
    public enum Arrivals: String, Sendable { case poisson, constant }
    public var rate: Double
    public var duration: SimDuration
    public var arrivals: Arrivals = .poisson
    public var method = "GET"
    public var target: Target
    public var body: JSON? = nil
    /// The client gives up after this long (siege's socket timeout default, 30 s).
    public var timeout: SimDuration = .seconds(30)
}

/// The operators an `expect` line may use. A closed set: the parser rejects any other
/// text, and no comparison falls back to a default.
public enum ComparisonOperator: String, CaseIterable, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// An `expect` line's test of a figure: an operator and a value, or a closed range.
public enum Comparison: Sendable {
    case op(ComparisonOperator, Double)
    case between(Double, Double)

    func holds(_ v: Double) -> Bool {
        let eps = 1e-9
        switch self {
        case .between(let a, let b): return v >= a - eps && v <= b + eps
        case .op(let o, let x):
            switch o {
            case .equal: return abs(v - x) <= eps * max(1, abs(x))
            case .notEqual: return abs(v - x) > eps * max(1, abs(x))
            case .less: return v < x
            case .lessOrEqual: return v <= x + eps
            case .greater: return v > x
            case .greaterOrEqual: return v >= x - eps
            }
        }
    }
}

/// A figure of the last load command that `expect` can check.
public enum LoadMetric: String, CaseIterable, Sendable {
    case availability, transactions, successful, failed, throughput
    case transactionRate = "transaction-rate"
    case responseTime = "response-time"
    case p50, p90, p99, longest, shortest, concurrency, elapsed
}

public enum Expectation: Sendable {
    case status(Int)
    case body(path: String, op: ComparisonOperator, value: JSON)
    case load(LoadMetric, Comparison, unit: String)
    case lag(group: String, Comparison)
    case consistent
    case events(file: String)
    /// `expect breaker CALLER->CLIENT opened|closed`: whether it opened during the last load.
    case breaker(caller: String, client: String, opened: Bool)
    case kube(KubeMetric, deployment: String, Comparison)
}

/// A `kubectl` command.
public enum KubectlCommand: Sendable {
    case apply(file: String, objects: [KubeObject])
    case autoscale(deployment: String, cpuPercent: Int, min: Int, max: Int)
    case scale(deployment: String, replicas: Int)
    case setImage(deployment: String, container: String, image: String)
    case rolloutRestart(deployment: String)
    case rolloutStatus(deployment: String)
    case createConfigMap(name: String, data: [(String, String)])
    case deletePod(name: String)
    case deleteConfigMap(name: String)
    case get(String)
}

/// A Kubernetes figure `expect` can check now.
public enum KubeMetric: String, Sendable { case replicas, maxReplicas = "max-replicas", ready, restarts }

/// One command of a scenario.
public enum Command: Sendable {
    case seed(UInt64)
    case startTime(Int64)
    /// `kubernetes-version 1.MINOR`: the cluster's version-dependent defaults.
    case kubernetesVersion(minor: Int)
    case config(service: String, settings: [(String, String)])
    case fault(service: String, ServiceFault)
    case networkFault(NetworkFault)
    case stop(String)
    case start(String)
    /// `fault SERVICE crash`: the oldest live pod's process dies at once; the kubelet
    /// restarts its container after the back-off.
    case crash(String)
    /// `fault SERVICE consumer-crash`: the next record the service consumes is processed
    /// (its transaction committed, its events sent), then the process dies before the
    /// consumer commits the record's offset.
    case consumerCrash(String)
    /// `at TIME COMMAND`: an instant command run at that virtual time since the start.
    indirect case at(SimDuration, Located)
    case http(HttpCommand)
    case siege(SiegeCommand, background: Bool)
    case load(LoadCommand, background: Bool)
    case wait(Distribution?)
    case settle
    case expect(Expectation)
    case kubectl(KubectlCommand)
}

/// A command with where it was written and its (parameter-substituted) text.
public struct Located: Sendable {
    public let command: Command
    public let line: Int
    public let column: Int
    public let text: String
}

/// A checked scenario, ready to run.
public struct Scenario: Sendable {
    public let file: String
    public let name: String
    public let commands: [Located]
    public let params: [(String, String)]
    /// The system it runs.
    public let system: SystemDefinition
    /// The seed written in the file, if any (`--seed` overrides it).
    public var seed: UInt64? {
        for c in commands { if case .seed(let s) = c.command { return s } }
        return nil
    }
}
