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

    /// Hystrix 1.5's first command in a JVM: HystrixPlugins, the metrics publisher, RxJava,
    /// and the first key's metrics streams, circuit breaker and thread pool, all built in
    /// `AbstractCommand`'s constructor under class-wide locks, before the execution's timer
    /// starts (so it delays and never times out). Netflix/Hystrix#1832: "slows down the first
    /// request(s) by approx. 500ms - 2 s"; #1355: "above 1 second". A range and no value: a
    /// declared unknown, drawn per process from uniform(500 ms, 2 s); `calibrate` can fit it.
    /// A later key's own part is smaller and no source sizes it: not modelled.
    public var hystrixFirstCommand: Distribution = .uniform(.milliseconds(500), .seconds(2))
    /// Spring Cloud OpenFeign 2.1 builds a client on first `getBean` (its FactoryBean is not
    /// eager), refreshing the client's child application context (FeignClientsConfiguration)
    /// and Hystrix's targeter, under Spring's singleton mutex. No published size; a declared
    /// unknown, drawn per process from uniform(100 ms, 1 s) (a bracket, not a measurement:
    /// spring-cloud-netflix#3138 calls the child contexts "very light weight"); `calibrate`
    /// can fit it.
    public var feignClientBuild: Distribution = .uniform(.milliseconds(100), .seconds(1))
    /// Spring Boot 2.1 initialises the DispatcherServlet on the first request it serves
    /// (`spring.mvc.servlet.load-on-startup` -1): "Initializing Servlet 'dispatcherServlet'"
    /// ... "Completed initialization in N ms", which published logs show at 9 to 111 ms
    /// (the 111 ms one in a CPU-starved container). The requests that arrive meanwhile wait
    /// for it. Drawn per process from uniform(9 ms, 111 ms).
    public var dispatcherServletInit: Distribution = .uniform(.milliseconds(9), .milliseconds(111))

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
    public static let names = ["persist", "feign-codec", "hystrix-command", "console-write", "hystrix-first-command", "feign-client-build", "dispatcher-servlet-init"]

    /// Sets one cost by name; false for an unknown name.
    mutating func set(_ name: String, _ d: Distribution) -> Bool {
        switch name {
        case "persist": persist = d
        case "feigncodec": feignCodec = d
        case "hystrixcommand": hystrixCommand = d
        case "consolewrite": consoleWrite = d
        case "hystrixfirstcommand": hystrixFirstCommand = d
        case "feignclientbuild": feignClientBuild = d
        case "dispatcherservletinit": dispatcherServletInit = d
        default: return false
        }
        return true
    }
}
