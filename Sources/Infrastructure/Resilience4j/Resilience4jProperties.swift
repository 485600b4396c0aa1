import SimCore
import Formats

/// resilience4j-spring-boot2's property binding, as far as the model reads it:
/// `resilience4j.circuitbreaker.configs.default.*`, `resilience4j.circuitbreaker.instances.NAME.*`
/// (NAME plain, or in brackets when it holds `#`, `(` or `.`: `instances.[ResortService#getResortStatus(Long)]`),
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
                    throw ValueError("unknown circuit breaker property '\(property)'" + hint(property, CircuitBreakerConfig.keys))
                }
            case "timelimiter":
                var t = TimeLimiterConfig()
                do { try t.set(canonical, value) } catch let e as ValueError where e.message == "unknown" {
                    throw ValueError("unknown time limiter property '\(property)'" + hint(property, TimeLimiterConfig.keys))
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

    /// The circuit breaker config of instance `name`, as resilience4j 1.7.0's binding builds
    /// it: `configs.default` when the instance has no properties of its own; otherwise the
    /// library defaults (not `configs.default`, unless it says `base-config: default`) with
    /// the instance's properties over them.
    public static func circuitBreaker(_ name: String, in config: SpringBootConfig) -> CircuitBreakerConfig {
        var c = CircuitBreakerConfig()
        apply(module: "circuitbreaker", name, config) { try c.set($0, $1) }
        return c
    }

    /// The time limiter config of instance `name`, bound the same way.
    public static func timeLimiter(_ name: String, in config: SpringBootConfig) -> TimeLimiterConfig {
        var t = TimeLimiterConfig()
        apply(module: "timelimiter", name, config) { try t.set($0, $1) }
        return t
    }

    private static func apply(module: String, _ name: String, _ config: SpringBootConfig, _ set: (String, String) throws -> Void) {
        var own: [(String, String)] = [], defaults: [(String, String)] = []
        for (key, value) in config.properties.sorted(by: { $0.key < $1.key }) {
            guard key.lowercased().hasPrefix("resilience4j."), let p = try? parse(key), p.module == module else { continue }
            if p.instance == nil { defaults.append((SpringBootConfig.canonical(p.property), value)) }
            else if p.instance == name { own.append((SpringBootConfig.canonical(p.property), value)) }
        }
        let inherits = own.isEmpty || own.contains { $0.0 == "baseconfig" && $0.1 == "default" }
        for (k, v) in (inherits ? defaults : []) + own { try? set(k, v) }
    }

    static func hint(_ word: String, _ candidates: [String]) -> String {
        DidYouMean.hint(word, among: candidates, normalize: SpringBootConfig.canonical)
    }
}
