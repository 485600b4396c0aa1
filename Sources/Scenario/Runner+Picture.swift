import Foundation
import SimCore
import Infrastructure
import Systems
import Report

extension Runner {
    /// The system as report.html draws it: its services, each Feign method as a call
    /// labelled with the settings the caller's configuration gives it when the run ends (its
    /// oldest live pod's; with none alive, the files' with `--params` and the scenario's
    /// `config` lines over them), and each event with its policies and views. Read only:
    /// building it changes nothing in the model.
    func picture() -> SystemPicture {
        let system = model.system
        var calls: [SystemPicture.Call] = []
        for s in system.services {
            let config = model.app(s.name)?.config ?? configWithoutPods(s.name)
            for c in s.feignCalls {
                let (settings, detail) = Runner.resilience(c, config)
                calls.append(SystemPicture.Call(from: s.name, to: c.target, method: Runner.methodName(c.configKey), settings: settings,
                                                detail: "\(c.configKey): \(c.method) \(c.path); \(detail); \(c.fallback)"))
            }
        }
        let events = system.events.map { e in
            SystemPicture.Event(name: e.name, publisher: e.publisher, consumers: system.services.flatMap { s in
                s.program.handlers.filter { $0.eventType == e.name }.map {
                    SystemPicture.Consumer(service: s.name, kind: $0.kind == .policy ? .policy : .view)
                }
            })
        }
        return SystemPicture(name: system.name, topic: system.topic, services: system.names, calls: calls, events: events)
    }

    /// A service's configuration when none of its pods is alive: the files', then
    /// `--params`, then the scenario's `config` lines for it, in order.
    func configWithoutPods(_ name: String) -> SpringBootConfig {
        var config = model.startingConfig(name)
        for (k, v) in options.params { try? config.set(k, v) }
        for c in scenario.commands {
            if case .config(let service, let settings) = c.command, service == name { for (k, v) in settings { try? config.set(k, v) } }
        }
        return config
    }

    /// `getResortStatus` from `ResortService#getResortStatus(Long)`.
    static func methodName(_ configKey: String) -> String {
        let afterHash = configKey.split(separator: "#", maxSplits: 1).last.map(String.init) ?? configKey
        return String(afterHash.prefix { $0 != "(" })
    }

    /// The call's resilience settings in a few words, and the rest of them for the tooltip:
    /// Hystrix with `feign.hystrix.enabled`, else Resilience4j with
    /// `feign.circuitbreaker.enabled`, else Feign's own timeouts (as `FeignClient` decides).
    static func resilience(_ c: FeignCallSummary, _ config: SpringBootConfig) -> (String, String) {
        let feign = "Feign connect timeout \(ms(config.feignConnectTimeout)), read timeout \(ms(config.feignReadTimeout))"
        if config.feignHystrixEnabled {
            let cmd = HystrixProperties.command(c.configKey, in: config), pool = HystrixProperties.threadPool(c.client, in: config)
            var words = [cmd.timeoutEnabled ? "timeout \(ms(cmd.timeout))" : "no timeout"]
            words.append(cmd.isolation == .thread ? "pool \(pool.threads)" + (pool.maxQueueSize > 0 ? " + queue \(pool.maxQueueSize)" : "")
                                                  : "semaphore \(cmd.semaphoreMaxConcurrent)")
            if !cmd.breakerEnabled { words.append("no breaker") } else if cmd.forceOpen { words.append("breaker forced open") } else if cmd.forceClosed { words.append("breaker forced closed") }
            let breaker = "breaker \(cmd.requestVolumeThreshold) calls, \(cmd.errorThresholdPercentage) %, sleep \(ms(cmd.sleepWindow))"
            return ("Hystrix " + words.joined(separator: ", "), "Hystrix group \(c.client); \(breaker); \(feign)")
        }
        if config.feignCircuitBreakerEnabled {
            let cb = Resilience4jProperties.circuitBreaker(c.configKey, in: config), tl = Resilience4jProperties.timeLimiter(c.configKey, in: config)
            let window = cb.slidingWindowType == .countBased ? "\(cb.slidingWindowSize) calls" : "\(cb.slidingWindowSize) s"
            let rate = cb.failureRateThreshold == cb.failureRateThreshold.rounded() ? String(Int(cb.failureRateThreshold)) : String(format: "%.1f", cb.failureRateThreshold)
            return ("Resilience4j timeout \(ms(tl.timeoutDuration)), breaker \(rate) % of \(window)",
                    "minimum \(cb.minimumNumberOfCalls) calls, open \(ms(cb.waitDurationInOpenState)), \(cb.permittedNumberOfCallsInHalfOpenState) calls half-open; \(feign)")
        }
        return ("no breaker, read timeout \(ms(config.feignReadTimeout))", feign)
    }

    static func ms(_ d: SimDuration) -> String {
        d.nanoseconds % 1_000_000 == 0 ? "\(d.nanoseconds / 1_000_000) ms" : String(format: "%.3f ms", Double(d.nanoseconds) / 1e6)
    }
}
