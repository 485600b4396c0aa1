import SimCore
import Formats

/// resilience4j-spring-boot2's property binding, as far as the model reads it:
/// `resilience4j.circuitbreaker.configs.default.*`, `resilience4j.circuitbreaker.instances.NAME.*`
/// (NAME plain, or in brackets when it holds `#`, `(` or `.`: `instances.[StockService#getStock(Long)]`),
/// the same for `timelimiter`, and `bulkhead` and `thread-pool-bulkhead`. A key the model does
/// not know in this namespace is an error with a did-you-mean, as for Hystrix.
public enum Resilience4jProperties {
    static let bulkheadKeys = ["max-concurrent-calls", "max-wait-duration"]
    static let threadPoolBulkheadKeys = ["max-thread-pool-size", "core-thread-pool-size", "queue-capacity", "keep-alive-duration"]

    /// (module, instance or nil for configs.default, property) of a key, or why not.
    static func parse(_ key: String) throws -> (module: String, instance: String?, property: String) {
        let lower = key.lowercased()
        guard lower.hasPrefix("resilience4j.") else { throw ValueError("'\(key)' is not a resilience4j key") }
        let rest = String(key.dropFirst("resilience4j.".count))
        let modules = ["circuitbreaker", "timelimiter", "bulkhead", "thread-pool-bulkhead"]
        guard let dot = rest.firstIndex(of: "."), let module = modules.first(where: { SpringBootConfig.canonical($0) == SpringBootConfig.canonical(String(rest[..<dot])) }) else {
            let head = rest.split(separator: ".").first.map(String.init) ?? rest
            throw ValueError("unknown resilience4j module '\(head)'" + hint(head, modules))
        }
        var tail = String(rest[rest.index(after: dot)...])
        let instance: String?
        if tail.lowercased().hasPrefix("configs.default.") {
            instance = nil
            tail = String(tail.dropFirst("configs.default.".count))
        } else if tail.lowercased().hasPrefix("instances.") {
            tail = String(tail.dropFirst("instances.".count))
            if tail.hasPrefix("["), let close = tail.firstIndex(of: "]") {
                instance = String(tail[tail.index(after: tail.startIndex)..<close])
                tail = String(tail[tail.index(after: close)...].drop { $0 == "." })
            } else if let d = tail.lastIndex(of: ".") {
                instance = String(tail[..<d])
                tail = String(tail[tail.index(after: d)...])
            } else {
                throw ValueError("'\(key)' names no property (expected resilience4j.\(module).instances.NAME.PROPERTY)")
            }
        } else {
            throw ValueError("'\(key)' is not bound (expected resilience4j.\(module).configs.default.PROPERTY or resilience4j.\(module).instances.NAME.PROPERTY)")
        }
        return (module, instance, tail)
    }

    /// Checks a key and its value (at `config` time, so a typo fails before anything runs).
    public static func validate(key: String, value: String) throws {
        let (module, _, property) = try parse(key)
        let canonical = SpringBootConfig.canonical(property)
        do {
            switch module {
            case "circuitbreaker":
                var c = CircuitBreakerConfig()
                do { try c.set(canonical, value) } catch let e as ValueError where e.message == "unknown" {
                    throw unknown("circuit breaker", property, CircuitBreakerConfig.keys, CircuitBreakerConfig.notModelled)
                }
            case "timelimiter":
                var t = TimeLimiterConfig()
                do { try t.set(canonical, value) } catch let e as ValueError where e.message == "unknown" {
                    throw unknown("time limiter", property, TimeLimiterConfig.keys, TimeLimiterConfig.notModelled)
                }
            case "bulkhead":
                guard bulkheadKeys.map(SpringBootConfig.canonical).contains(canonical) else {
                    throw ValueError("unknown bulkhead property '\(property)'" + hint(property, bulkheadKeys))
                }
                if canonical == "maxconcurrentcalls" { _ = try Resilience4jValues.int(value, 0...100_000) } else { _ = try Resilience4jValues.duration(value) }
            default:
                guard threadPoolBulkheadKeys.map(SpringBootConfig.canonical).contains(canonical) else {
                    throw ValueError("unknown thread-pool bulkhead property '\(property)'" + hint(property, threadPoolBulkheadKeys))
                }
                if canonical == "keepaliveduration" { _ = try Resilience4jValues.duration(value) } else { _ = try Resilience4jValues.int(value, 0...100_000) }
            }
        }
    }

    /// A key of the module that is not bound: one the model does not model (named as such,
    /// with those it does), or an unknown one (with a did-you-mean).
    static func unknown(_ what: String, _ property: String, _ keys: [String], _ notModelled: [String]) -> ValueError {
        let canonical = SpringBootConfig.canonical(property)
        if notModelled.contains(where: { SpringBootConfig.canonical($0) == canonical }) {
            return ValueError("'\(property)' is a Resilience4j 1.7.0 \(what) property the model does not model (it models \(keys.joined(separator: ", ")))")
        }
        return ValueError("unknown \(what) property '\(property)'" + hint(property, keys + notModelled))
    }

    /// The circuit breaker config of instance `name`, as resilience4j 1.7.0's binding builds
    /// it: `configs.default` when the instance has no properties of its own; otherwise the
    /// library defaults (not `configs.default`, unless it says `base-config: default`) with
    /// the instance's properties over them. Built from a base config, it keeps the base's
    /// record-exceptions predicate beside its own (`CircuitBreakerConfig.baseRecordExceptions`).
    public static func circuitBreaker(_ name: String, in config: SpringBootConfig) -> CircuitBreakerConfig {
        var c = CircuitBreakerConfig()
        let b = bound(module: "circuitbreaker", name, config)
        for (k, v) in b.settings { try? c.set(k, v) }
        if let baseSettings = b.base {
            var base = CircuitBreakerConfig()
            for (k, v) in baseSettings { try? base.set(k, v) }
            c.baseRecordExceptions = base.recordExceptions
        }
        return c
    }

    /// The time limiter config of instance `name`, bound the same way.
    public static func timeLimiter(_ name: String, in config: SpringBootConfig) -> TimeLimiterConfig {
        var t = TimeLimiterConfig()
        for (k, v) in bound(module: "timelimiter", name, config).settings { try? t.set(k, v) }
        return t
    }

    /// The (canonical property, value) pairs that make instance `name`'s config, in order,
    /// and the base config's own when the instance is built from it (`base-config: default`).
    private static func bound(module: String, _ name: String, _ config: SpringBootConfig) -> (settings: [(String, String)], base: [(String, String)]?) {
        var own: [(String, String)] = [], defaults: [(String, String)] = []
        for (key, value) in config.properties.sorted(by: { $0.key < $1.key }) {
            guard key.lowercased().hasPrefix("resilience4j."), let p = try? parse(key), p.module == module else { continue }
            if p.instance == nil { defaults.append((SpringBootConfig.canonical(p.property), value)) }
            else if p.instance == name { own.append((SpringBootConfig.canonical(p.property), value)) }
        }
        if own.isEmpty { return (defaults, nil) }
        let fromBase = own.contains { $0.0 == "baseconfig" && $0.1 == "default" }
        return fromBase ? (defaults + own, defaults) : (own, nil)
    }

    static func hint(_ word: String, _ candidates: [String]) -> String {
        DidYouMean.hint(word, among: candidates, normalize: SpringBootConfig.canonical)
    }
}
