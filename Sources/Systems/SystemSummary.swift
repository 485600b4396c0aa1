import Infrastructure
import Formats

/// The system in a few lines, as `resortsim validate` prints it: services (port,
/// Deployment), endpoints, Feign calls (with the Hystrix or Resilience4j settings the
/// services start with), events (publisher → policies and views), policies, views.
/// Everything in the files' order: deterministic.
public enum SystemSummary {
    public static func render(_ system: SystemDefinition) -> String {
        var out = "system \(system.name) (\(system.directory)): \(system.services.count) services, topic \(system.topic)\n"
        out += "services:\n"
        for s in system.services {
            let cpu = s.template.cpuRequest.map { ", cpu request \($0)m" } ?? ""
            let probes = [s.template.readiness.map { _ in "readiness" }, s.template.liveness.map { _ in "liveness" }].compactMap { $0 }
            out += "  \(s.name): localhost:\(s.port), \(s.name):8080; deployment \(s.name) (\(s.replicas) replica\(s.replicas == 1 ? "" : "s"), \(s.template.image)\(cpu)"
            out += (probes.isEmpty ? ", no probes" : ", " + probes.joined(separator: " and ") + " probe") + "), \(s.database)\n"
        }
        out += "endpoints:\n"
        for s in system.services {
            let c = "/" + s.schema.collection
            out += "  \(s.name): GET POST \(c), GET PUT PATCH DELETE \(c)/{id} (Spring Data REST, entity \(s.schema.name))\n"
        }
        let calls = system.services.flatMap { s in s.feignCalls.map { (s, $0) } }
        out += "feign calls:" + (calls.isEmpty ? " none\n" : "\n")
        for (s, c) in calls {
            let settings = s.settings.filter { k, _ in
                let l = k.lowercased()
                return l.hasPrefix("hystrix.") || l.hasPrefix("resilience4j.") || l.hasPrefix("feign.hystrix") || l.hasPrefix("feign.circuitbreaker")
            }.map { "\($0.0)=\($0.1)" }
            out += "  \(s.name) -> \(c.target): \(c.method) \(c.path) (\(c.configKey), Hystrix group \(c.client); \(c.fallback))"
            out += settings.isEmpty ? "\n" : "; " + settings.joined(separator: ", ") + "\n"
        }
        out += "events:" + (system.events.isEmpty ? " none\n" : "\n")
        for e in system.events {
            let handlers = system.services.flatMap { s in s.program.handlers.filter { $0.eventType == e.name }.map { "\($0.kind.rawValue) \(s.name)" } }
            out += "  \(e.name): \(e.publisher) -> " + (handlers.isEmpty ? "nobody" : handlers.joined(separator: ", ")) + "\n"
        }
        for kind in [EventHandler.Kind.policy, .view] {
            let hs = system.services.flatMap { s in s.program.handlers.filter { $0.kind == kind }.map { (s.name, $0.eventType) } }
            out += (kind == .policy ? "policies:" : "views:") + (hs.isEmpty ? " none\n" : "\n")
            for (service, event) in hs { out += "  \(service) on \(event)\n" }
        }
        return out
    }
}
