import Foundation
import SimCore
import Infrastructure
import Systems
import Report
import Formats

extension Runner {
    static let rolloutBound = SimDuration.seconds(600)

    func kubectl(_ k: KubectlCommand, _ c: Located) {
        say("$ \(c.text)\n")
        let cluster = model.cluster
        switch k {
        case .apply(_, let objects):
            for o in objects {
                let verb: String
                switch o {
                case .deployment(let name, let replicas, let template, let surge, let unavailable, let minReady):
                    verb = cluster.applyDeployment(name, replicas: replicas, template: template, maxSurge: surge, maxUnavailable: unavailable, minReadySeconds: minReady)
                case .service:
                    verb = "unchanged" // every service of the system exists already
                case .autoscaler(let name, let target, let mn, let mx, let cpu):
                    verb = cluster.addAutoscaler(HorizontalPodAutoscaler(name: name, target: target, min: mn, max: mx, targetCPUUtilization: cpu, now: model.sim.now))
                case .configMap(let name, let data):
                    verb = cluster.setConfigMap(name, data)
                }
                say("\(o.kindAndName) \(verb)\n")
            }
        case .autoscale(let d, let cpu, let mn, let mx):
            _ = cluster.addAutoscaler(HorizontalPodAutoscaler(name: d, target: d, min: mn, max: mx, targetCPUUtilization: cpu, now: model.sim.now))
            say("horizontalpodautoscaler.autoscaling/\(d) autoscaled\n")
        case .scale(let name, let n):
            if let d = cluster.deployment(name) { cluster.scale(d, to: n) }
            say("deployment.apps/\(name) scaled\n")
        case .setImage(let name, _, let image):
            if let d = cluster.deployment(name) {
                var t = d.template
                t.image = image
                cluster.setTemplate(d, t)
            }
            say("deployment.apps/\(name) image updated\n")
        case .rolloutRestart(let name):
            if let d = cluster.deployment(name) {
                var t = d.template
                t.restartedAt = WallClock.isoMillis(epoch: model.epoch, at: model.wallClock(at: model.sim.now))
                cluster.setTemplate(d, t)
            }
            say("deployment.apps/\(name) restarted\n")
        case .rolloutStatus(let name):
            guard let d = cluster.deployment(name) else { return }
            var lastLine = ""
            let report = { [unowned(unsafe) self] in
                let line = self.rolloutLine(d)
                if line != lastLine { self.say(line + "\n"); lastLine = line }
            }
            report()
            runWhile(model.sim.now + Runner.rolloutBound) { report(); return !d.rolledOut(at: model.sim.now) }
            if d.rolledOut(at: model.sim.now) { say("deployment \"\(name)\" successfully rolled out\n") }
            else { say("error: deployment \"\(name)\" exceeded its progress deadline\n") }
        case .createConfigMap(let name, let data):
            let verb = cluster.setConfigMap(name, data)
            say(verb == "created" ? "configmap/\(name) created\n" : "error: failed to create configmap: configmaps \"\(name)\" already exists\n")
        case .deletePod(let name):
            say(cluster.deletePod(name) ? "pod \"\(name)\" deleted\n" : "Error from server (NotFound): pods \"\(name)\" not found\n")
        case .deleteConfigMap(let name):
            say(cluster.deleteConfigMap(name) ? "configmap \"\(name)\" deleted\n" : "Error from server (NotFound): configmaps \"\(name)\" not found\n")
        case .get(let kind):
            say(table(kind))
        }
        say("\n")
    }

    func rolloutLine(_ d: Deployment) -> String {
        let now = model.sim.now
        let updated = d.updatedCount, target = d.targetReplicas
        let old = d.alivePods.count - updated
        if updated < target { return "Waiting for deployment \"\(d.name)\" rollout to finish: \(updated) out of \(target) new replicas have been updated..." }
        if old > 0 { return "Waiting for deployment \"\(d.name)\" rollout to finish: \(old) old replicas are pending termination..." }
        let available = d.alivePods.filter { $0.templateHash == d.template.hash && $0.isAvailable(at: now, minReady: d.minReadySeconds) }.count
        return "Waiting for deployment \"\(d.name)\" rollout to finish: \(available) of \(target) updated replicas are available..."
    }

    /// kubectl's AGE column (`duration.HumanDuration`).
    func age(_ since: SimTime) -> String {
        let s = Int((model.sim.now - since).seconds)
        if s < 120 { return "\(s)s" }
        let m = s / 60
        if m < 10 { return s % 60 == 0 ? "\(m)m" : "\(m)m\(s % 60)s" }
        if m < 180 { return "\(m)m" }
        return "\(m / 60)h"
    }

    func table(_ kind: String) -> String {
        let cluster = model.cluster
        var rows: [[String]]
        switch kind {
        case "pods":
            rows = [["NAME", "READY", "STATUS", "RESTARTS", "AGE"]]
            for p in cluster.allPods { rows.append([p.name, p.ready ? "1/1" : "0/1", p.status, String(p.restarts), age(p.createdAt)]) }
        case "hpa":
            rows = [["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]]
            for h in cluster.autoscalers {
                let now = h.currentUtilization.map { "\($0)%" } ?? "<unknown>"
                rows.append([h.name, "Deployment/\(h.target)", "\(now)/\(h.targetCPUUtilization)%", String(h.minReplicas), String(h.maxReplicas),
                             String(cluster.deployment(h.target)?.alivePods.count ?? 0), age(h.createdAt)])
            }
        default:
            rows = [["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]]
            for d in cluster.deployments {
                let target = d.targetReplicas
                rows.append([d.name, "\(d.readyCount)/\(target)", String(d.updatedCount), String(d.availableCount(at: model.sim.now)), age(d.createdAt)])
            }
        }
        if rows.count == 1 { return "No resources found in default namespace.\n" }
        var widths = Array(repeating: 0, count: rows[0].count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in i == r.count - 1 ? c : c.padding(toLength: widths[i] + 3, withPad: " ", startingAt: 0) }.joined()
        }.joined(separator: "\n") + "\n"
    }

    func evaluateKube(_ m: KubeMetric, _ name: String, _ cmp: Comparison) -> (Bool, String) {
        guard let d = model.cluster.deployment(name) else { return (false, "no deployment \(name)") }
        let v: Int
        switch m {
        case .replicas: v = d.targetReplicas
        case .maxReplicas: v = d.maxReplicasSeen
        case .ready: v = d.readyCount
        case .restarts: v = d.restarts
        }
        return (cmp.holds(Double(v)), "\(m.rawValue) \(v)")
    }

    /// Prints replicas, ready pods and restarts of a Deployment when they change.
    func kubeChanged() {
        for d in model.cluster.deployments {
            let state = KubeState(replicas: d.targetReplicas, pods: d.alivePods.count, ready: d.readyCount, restarts: d.restarts)
            if kubeStates[d.name] == state { continue }
            let first = kubeStates[d.name] == nil
            kubeStates[d.name] = state
            if first { continue }
            let t = model.sim.now.seconds
            result.kubernetesTimeline.append(KubeTimelineEntry(time: t, deployment: d.name, replicas: state.replicas, pods: state.pods, ready: state.ready, restarts: state.restarts))
            say(String(format: "# %.3f s: ", t) + "\(d.name): replicas \(state.replicas), pods \(state.pods), ready \(state.ready), restarts \(state.restarts)\n")
        }
    }
}

struct KubeState: Equatable { let replicas, pods, ready, restarts: Int }
