import SimCore
import Formats

/// One Spring Boot 2.x service instance's settings, each default the real one
/// (SEMANTICS.md), or a justified choice where the real value depends on the machine.
public struct SpringBootConfig: Sendable {
    /// `server.tomcat.max-threads` (`server.tomcat.threads.max` from 2.3): 200 (Spring Boot `ServerProperties`).
    public var tomcatMaxThreads: Int = 200
    /// `server.tomcat.accept-count`: 100, the backlog once `max-connections` are open (`ServerProperties`).
    public var tomcatAcceptCount: Int = 100
    /// `server.tomcat.max-connections`: 8192 for the NIO connector (Tomcat 9 / Boot 2.x `ServerProperties`).
    public var tomcatMaxConnections: Int = 8192
    /// HikariCP `maximumPoolSize`: 10 (`HikariConfig`).
    public var hikariMaximumPoolSize: Int = 10
    /// HikariCP `connectionTimeout`: 30000 ms, then `SQLTransientConnectionException` (`HikariConfig`).
    public var hikariConnectionTimeout: SimDuration = .milliseconds(30_000)
    /// Feign `connectTimeout` 10 s and `readTimeout` 60 s (OpenFeign `Request.Options` defaults).
    public var feignConnectTimeout: SimDuration = .seconds(10)
    public var feignReadTimeout: SimDuration = .seconds(60)
    /// `feign.hystrix.enabled`: Spring Cloud's default is false, but every seed service sets
    /// it to true in its application.yml, so the model starts from the seed's value.
    public var feignHystrixEnabled = true
    /// `feign.circuitbreaker.enabled`: false (Spring Cloud OpenFeign 3.x, where Hystrix is
    /// gone): Feign methods run through Spring Cloud CircuitBreaker (here Resilience4j).
    public var feignCircuitBreakerEnabled = false
    /// CPU cores the JVM can use. 2: the seed's deployments set no CPU limit, so the JVM
    /// sees the node's cores, and EKS workshop nodes are 2-vCPU instances (m5.large).
    public var cpuCores: Int = 2
    /// CPU time to handle one REST request (Tomcat, Spring MVC, Jackson, Spring Data REST):
    /// lognormal(median 1 ms, p99 4 ms). A choice: Spring Data REST endpoints serve on the
    /// order of 1 000 small requests per second per core.
    public var requestCPU: Distribution = .lognormal(median: .milliseconds(1), p99: .milliseconds(4))
    /// CPU time to handle one consumed event (deserialize, dispatch): lognormal(median 300 µs, p99 1.5 ms).
    public var eventCPU: Distribution = .lognormal(median: .microseconds(300), p99: .microseconds(1500))
    /// One statement on the in-memory H2/HSQLDB database, including Hibernate's work:
    /// lognormal(median 100 µs, p99 600 µs). A choice: in-memory statements take tens to hundreds of µs.
    public var databaseOperation: Distribution = .lognormal(median: .microseconds(100), p99: .microseconds(600))
    /// Time from process start until Tomcat accepts connections (JVM, Spring context, JPA,
    /// Kafka binder): lognormal(median 15 s, p99 30 s). A choice: these MSAEz services log
    /// "Started ... in 12–25 seconds" on a small container.
    public var startupTime: Distribution = .lognormal(median: .seconds(15), p99: .seconds(30))
    /// The named costs of the Java stack's steps (`resortsim.cost.NAME`).
    public var costs = JavaStackCosts()
    /// `resortsim.warm`: false, a process starts as a JVM does, cold, and pays its first
    /// uses (`FirstUse`: a Feign client's build, Hystrix's first command); true, a process
    /// that has served these paths already (a scenario says which its run had).
    public var warm = false
    /// What the process writes to its console per statement, from `logging.level.*` and
    /// Hibernate's `show_sql` (kept in step with the properties).
    public private(set) var logging = SpringLogging()
    /// Service-specific switches (a system's code variants) and any other key set by `config`.
    public var properties: [String: String] = [:]
    /// The same, by relaxed-binding key (looked up on the request path, so kept ready).
    private(set) var canonicalProperties: [String: String] = [:]

    public init() {}

    /// The system's own keys (its code variants and Feign URL properties), validated here so
    /// that a scenario's typo is an error before anything runs. The system model sets them.
    public var applicationKeys = ApplicationKeys()

    /// Sets one Spring property by its real key (relaxed binding: `-` and `_` ignored,
    /// case-insensitive). Returns false for a key this model does not know.
    public mutating func set(_ key: String, _ value: String) throws {
        // Stored first because the logging keys are read back through the properties; an
        // invalid value is taken back, so that a refused setting leaves no trace.
        let canonicalKey = SpringBootConfig.canonical(key)
        let (before, canonicalBefore) = (properties[key], canonicalProperties[canonicalKey])
        properties[key] = value
        canonicalProperties[canonicalKey] = value
        do { try apply(key, value) } catch {
            properties[key] = before
            canonicalProperties[canonicalKey] = canonicalBefore
            if before != nil || canonicalBefore != nil { logging = SpringLogging.from { self.canonicalProperties[$0] } }
            throw error
        }
    }

    /// The keys the model binds, spelled as Spring's documentation spells them, besides the
    /// families `hystrix.*`, `resilience4j.*`, `logging.level.*` and `resortsim.cost.*`.
    public static let modelKeys = [
        "server.tomcat.max-threads", "server.tomcat.threads.max", "server.tomcat.accept-count", "server.tomcat.max-connections",
        "spring.datasource.hikari.maximum-pool-size", "spring.datasource.hikari.connection-timeout",
        "spring.jpa.show-sql", "spring.jpa.properties.hibernate.show_sql", "spring.jpa.properties.hibernate.format_sql",
        "resortsim.feign.circuit-breaker", "resortsim.cpu-cores", "resortsim.request-cpu", "resortsim.event-cpu",
        "resortsim.database-operation", "resortsim.startup-time",
        "resortsim.warm",
    ]

    /// The keys the model and the system's code read, spelled as written.
    public var boundKeys: [String] {
        SpringBootConfig.modelKeys + applicationKeys.switches.map { $0.key } + SpringBootConfig.feignKeys + applicationKeys.feignURLs
    }

    /// Whether the model or the system's code reads `key` (relaxed binding): a params file may set only these.
    public func isBound(_ key: String) -> Bool {
        let c = SpringBootConfig.canonical(key)
        if ["hystrix", "resilience4j", "logginglevel", "resortsimcost"].contains(where: { c.hasPrefix($0) && c.count > $0.count }) { return true }
        return boundKeys.contains { SpringBootConfig.canonical($0) == c }
    }

    /// The families the model binds by prefix.
    static let boundFamilies = ["hystrix.", "resilience4j.", "logging.level.", "resortsim.cost."]

    /// Why a key a scenario sets looks mistyped, or nil. Spring keeps a property nothing
    /// binds without a word, and so does the model; but a key the model does not read that
    /// is within did-you-mean edit distance of one it does (`server.tomcat.max-thread`), or
    /// one edit from a family's prefix (`logging.levl.x`, `hystrx.command...`), or an
    /// unknown key under the model's own `resortsim.` is almost surely a typo whose setting
    /// would silently do nothing. Compared by segments, so that `resorts.image-url` is no
    /// `resortsim.` key.
    public func misspelling(of key: String) -> String? {
        guard !isBound(key) else { return nil }
        let segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let canonicalSegments = segments.map(SpringBootConfig.canonical)
        for family in SpringBootConfig.boundFamilies {
            let prefix = family.split(separator: ".").map { SpringBootConfig.canonical(String($0)) }
            guard segments.count > prefix.count else { continue }
            let head = canonicalSegments[..<prefix.count].joined(separator: "."), wanted = prefix.joined(separator: ".")
            if head != wanted && editDistance(head, wanted) == 1 {
                return "unknown property '\(key)' (did you mean '\(family + segments[prefix.count...].joined(separator: "."))'?)"
            }
        }
        let c = SpringBootConfig.canonical(key)
        let limit = c.count >= 12 ? 3 : 2
        if let meant = boundKeys.min(by: { editDistance(c, SpringBootConfig.canonical($0)) < editDistance(c, SpringBootConfig.canonical($1)) }),
           editDistance(c, SpringBootConfig.canonical(meant)) <= limit {
            return "unknown property '\(key)' (did you mean '\(meant)'?)"
        }
        if canonicalSegments.first == "resortsim" {
            let own = boundKeys.filter { $0.hasPrefix("resortsim.") } + ["resortsim.cost.NAME"]
            return "unknown property '\(key)': resortsim's own keys are \(own.joined(separator: ", "))"
        }
        return nil
    }

    private mutating func apply(_ key: String, _ value: String) throws {
        func duration(_ v: String) throws -> SimDuration {
            if let ms = Int64(v), ms >= 0 {
                guard ms <= 1_000_000_000 else { throw ValueError("'\(v)' is too long for \(key) (at most 1000000000 ms)") }
                return .milliseconds(ms)
            }
            return try ValueSyntax.duration(v)
        }
        func bool(_ v: String) throws -> Bool {
            guard let b = ValueSyntax.bool(v) else { throw ValueError("'\(v)' is not valid for \(key) (expected \(ValueSyntax.boolHelp))") }
            return b
        }
        func int(_ v: String, _ range: ClosedRange<Int>) throws -> Int {
            guard let i = Int(v), range.contains(i) else {
                throw ValueError("'\(v)' is not valid for \(key) (expected a whole number from \(range.lowerBound) to \(range.upperBound))")
            }
            return i
        }
        switch SpringBootConfig.canonical(key) {
        case "servertomcatmaxthreads", "servertomcatthreadsmax": tomcatMaxThreads = try int(value, 1...100_000)
        case "servertomcatacceptcount": tomcatAcceptCount = try int(value, 0...100_000)
        case "servertomcatmaxconnections": tomcatMaxConnections = try int(value, 1...1_000_000)
        case "springdatasourcehikarimaximumpoolsize": hikariMaximumPoolSize = try int(value, 1...10_000)
        case "springdatasourcehikariconnectiontimeout": hikariConnectionTimeout = try duration(value)
        case "feignclientconfigdefaultconnecttimeout": feignConnectTimeout = try duration(value)
        case "feignclientconfigdefaultreadtimeout": feignReadTimeout = try duration(value)
        case "feignhystrixenabled": feignHystrixEnabled = try bool(value)
        case "feigncircuitbreakerenabled": feignCircuitBreakerEnabled = try bool(value)
        case "resortsimfeigncircuitbreaker":
            // A convenience for comparisons: which library wraps the Feign clients, as a team
            // would switch it (both Spring keys at once).
            switch value.lowercased() {
            case "hystrix": feignHystrixEnabled = true; feignCircuitBreakerEnabled = false
            case "resilience4j": feignHystrixEnabled = false; feignCircuitBreakerEnabled = true
            case "none": feignHystrixEnabled = false; feignCircuitBreakerEnabled = false
            default: throw ValueError("'\(value)' is not valid for \(key) (expected hystrix, resilience4j or none)")
            }
        case "resortsimcpucores": cpuCores = try int(value, 1...1024)
        case "resortsimrequestcpu": requestCPU = try ValueSyntax.distribution(value)
        case "resortsimeventcpu": eventCPU = try ValueSyntax.distribution(value)
        case "resortsimdatabaseoperation": databaseOperation = try ValueSyntax.distribution(value)
        case "resortsimstartuptime": startupTime = try ValueSyntax.distribution(value)
        case "resortsimwarm": warm = try bool(value)
        case let k where k.hasPrefix("resortsimcost"):
            let name = String(k.dropFirst("resortsimcost".count))
            let d = try ValueSyntax.distribution(value)
            guard costs.set(name, d) else {
                throw ValueError("unknown cost '\(key)' (expected resortsim.cost. followed by one of \(JavaStackCosts.names.joined(separator: ", ")))")
            }
        case let k where k.hasPrefix("logginglevel"):
            guard SpringLogging.Level(value) != nil else {
                throw ValueError("'\(value)' is not a logging level for \(key) (expected TRACE, DEBUG, INFO, WARN, ERROR or OFF)")
            }
            logging = SpringLogging.from { self.canonicalProperties[$0] }
        case "springjpashowsql", "springjpapropertieshibernateshowsql", "springjpapropertieshibernateformatsql":
            _ = try bool(value)
            logging = SpringLogging.from { self.canonicalProperties[$0] }
        case let k where applicationKeys.values(canonical: k) != nil:
            let allowed = applicationKeys.values(canonical: k) ?? []
            if allowed == ["true", "false"] { _ = try bool(value); break }
            guard allowed.contains(value.lowercased()) else {
                throw ValueError("'\(value)' is not valid for \(key) (expected \(allowed.joined(separator: " or ")))")
            }
        default:
            if key.lowercased().hasPrefix("hystrix.") { try HystrixProperties.validate(key: key, value: value) }
            if key.lowercased().hasPrefix("resilience4j.") { try Resilience4jProperties.validate(key: key, value: value) }
            if key.lowercased().hasPrefix("feign.") { try validateFeign(key) }
            // other keys are kept in `properties` for the application and later layers
        }
    }

    /// Spring relaxed binding: case-insensitive, `-`, `_` and `.` dropped for matching.
    public static func canonical(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "-" && $0 != "_" && $0 != "." })
    }

    /// The property, found by relaxed binding.
    public func property(_ key: String) -> String? {
        canonicalProperties[SpringBootConfig.canonical(key)]
    }

    /// The property by a key already in canonical form (for lookups on the request path).
    public func property(canonical key: String) -> String? { canonicalProperties[key] }

    /// The `feign.*` keys the model binds (Spring Cloud OpenFeign's; the system's URL
    /// properties come from `applicationKeys`); any other is an error with a did-you-mean.
    static let feignKeys = ["feign.hystrix.enabled", "feign.circuitbreaker.enabled", "feign.circuitbreaker.alphanumeric-ids.enabled",
                            "feign.circuitbreaker.group.enabled", "feign.client.config.default.connect-timeout",
                            "feign.client.config.default.read-timeout", "feign.client.config.default.logger-level"]

    func validateFeign(_ key: String) throws {
        let c = SpringBootConfig.canonical(key)
        let known = SpringBootConfig.feignKeys + applicationKeys.feignURLs
        if known.contains(where: { SpringBootConfig.canonical($0) == c }) { return }
        throw ValueError("unknown Feign property '\(key)'" + DidYouMean.hint(key, among: known, normalize: SpringBootConfig.canonical))
    }
}
