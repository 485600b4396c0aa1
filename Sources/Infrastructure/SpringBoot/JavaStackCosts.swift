import SimCore
import Formats

/// The CPU the Java stack spends on the steps of a request that the model names one by one
/// (the request's own Tomcat/Spring MVC pass is `SpringBootConfig.requestCPU`, a database
/// statement `databaseOperation`). Each value names its source; where no published figure
/// exists the comment says so. Settable as `resortsim.cost.NAME` (a duration or a
/// distribution), so a scenario can ask what a cheaper or dearer step changes.
public struct JavaStackCosts: Sendable {
    /// Frames on a Tomcat thread's stack where a JPA callback runs (Tomcat's valves and
    /// filters, Spring MVC, Spring Data REST's controller, repository and transaction
    /// proxies, Hibernate's persist and callback dispatch): about 150, as a Spring Boot 2.1
    /// stack trace from an entity callback shows them. A count, not a cost.
    public var callbackStackDepth = 150
    /// Filling in one frame of a new Throwable's stack trace: 50 ns (core-libs-dev, Oct 2017,
    /// "creating a new throwable yields about 200k operations per second" on a 100-frame
    /// stack, i.e. 5 µs / 100 frames).
    public var exceptionPerFrame = SimDuration.nanoseconds(50)
    /// Writing one frame of a logged stack trace: 334 ns (JDK-8291641's benchmark,
    /// `printStackTrace` 167 147 ns/op for a 500-frame trace).
    public var stackTracePrintPerFrame = SimDuration.nanoseconds(334)
    /// Hibernate's persist event and its JPA callback dispatch (reflection), per persist:
    /// no published figure; the order of one in-memory H2 statement, 7.1 µs (H2's
    /// performance page, 141 226 statements/s embedded), is taken for it.
    public var persist: Distribution = .lognormal(median: .nanoseconds(7_100), p99: .microseconds(30))
    /// Feign building the request and decoding the JSON answer: 8.6 µs of Feign (OpenFeign
    /// PR #219's benchmark, 10 516 vs 9 645 calls/s with and without Feign) plus 3.9 µs of
    /// Jackson databind deserialization (jvm-serializers, `jackson/databind` 3 943 ns).
    public var feignCodec: Distribution = .lognormal(median: .nanoseconds(12_500), p99: .microseconds(50))
    /// Creating a HystrixCommand and subscribing its observable chain: the Hystrix wiki
    /// ("How it Works", Cost of Threads) puts the median cost of the thread hand-off below
    /// its 1 ms resolution; no finer figure is published. 20 µs is a choice.
    public var hystrixCommand: Distribution = .lognormal(median: .microseconds(20), p99: .microseconds(100))
    /// One write to the process's standard output (a `System.out.print`, a show_sql
    /// `println`, one Logback console event), holding `System.out`'s lock, which Logback's
    /// ConsoleAppender shares. No published figure fits a developer's terminal; derived from
    /// the documented F4 `siege -v` lines (see docs/FIDELITY.md): their 500s come about
    /// 1.5–2 ms apart within a cluster (six at 4.07–4.08 s, seven at 4.32–4.33 s), and each
    /// step of such a chain makes three writes in the model (the entity's print and the
    /// fallback's println under the connection, the previous failure's logged stack trace).
    public var consoleWrite: Distribution = .lognormal(median: .microseconds(500), p99: .microseconds(1500))

    public init() {}

    /// CPU to create `count` Throwables (each fills in the whole stack).
    public func exceptions(_ count: Int) -> SimDuration {
        SimDuration(nanoseconds: Int64(count * callbackStackDepth) * exceptionPerFrame.nanoseconds)
    }

    /// CPU to render a logged exception whose trace and causes hold `frames` frames.
    public func stackTrace(frames: Int) -> SimDuration {
        SimDuration(nanoseconds: Int64(frames) * stackTracePrintPerFrame.nanoseconds)
    }

    /// The names `resortsim.cost.NAME` accepts.
    public static let names = ["persist", "feign-codec", "hystrix-command", "console-write"]

    /// Sets one cost by name; false for an unknown name.
    mutating func set(_ name: String, _ d: Distribution) -> Bool {
        switch name {
        case "persist": persist = d
        case "feigncodec": feignCodec = d
        case "hystrixcommand": hystrixCommand = d
        case "consolewrite": consoleWrite = d
        default: return false
        }
        return true
    }
}
