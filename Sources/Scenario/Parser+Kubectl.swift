import Foundation
import SimCore
import Infrastructure
import Systems

extension Parser {
    static let kubectlVerbs = ["apply", "autoscale", "scale", "set", "rollout", "create", "delete", "get"]

    mutating func kubectl(_ line: SourceLine, _ args: [Word]) -> KubectlCommand? {
        guard let verb = args.first else { error(line, "kubectl needs a command (expected one of: \(Parser.kubectlVerbs.joined(separator: ", ")))"); return nil }
        let rest = Array(args.dropFirst())
        func flag(_ name: String) -> (String, Word)? {
            for (i, w) in rest.enumerated() {
                if w.text.hasPrefix(name + "=") { return (String(w.text.dropFirst(name.count + 1)), w) }
                if w.text == name, i + 1 < rest.count { return (rest[i + 1].text, rest[i + 1]) }
            }
            return nil
        }
        func deploymentRef(_ w: Word?) -> String? {
            guard let w = w else { error(verb, "kubectl \(verb.text) needs a deployment (expected deployment/NAME or deployment NAME)"); return nil }
            var name = w.text
            for prefix in ["deployment/", "deployments/", "deploy/", "deployment.apps/"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
            guard services.contains(name) else {
                let hint = suggestion(for: name, among: services).map { " (did you mean '\($0)'?)" } ?? " (expected one of: \(services.joined(separator: ", ")))"
                error(w, "unknown deployment '\(name)'\(hint)")
                return nil
            }
            return name
        }
        /// `deployment NAME` or `deployment/NAME` at the start of `rest`.
        func target(_ from: Int) -> String? {
            guard from < rest.count else { return deploymentRef(nil) }
            if ["deployment", "deployments", "deploy"].contains(rest[from].text) { return deploymentRef(from + 1 < rest.count ? rest[from + 1] : nil) }
            return deploymentRef(rest[from])
        }
        switch verb.text {
        case "apply":
            guard let (file, fw) = flag("-f") else { error(verb, "kubectl apply needs -f FILE.yml"); return nil }
            guard let (path, text) = readRelative(fw, what: "manifest") else { return nil }
            do {
                let objects = try Manifest.read(text, services: services)
                // kubectl apply: "error: no objects passed to apply".
                guard !objects.isEmpty else { error(fw, "no objects passed to apply: '\(file)' holds no Kubernetes object (kubectl's own error)"); return nil }
                return .apply(file: file, objects: objects)
            } catch let p as Manifest.Problem {
                diagnostics.append(Diagnostic(file: path, line: max(1, p.line), column: max(1, p.column), message: p.message))
            } catch {}
            return nil
        case "autoscale":
            guard let d = target(0) else { return nil }
            guard let (c, cw) = flag("--cpu-percent") else { error(verb, "kubectl autoscale needs --cpu-percent=N"); return nil }
            guard let (mx, mw) = flag("--max") else { error(verb, "kubectl autoscale needs --max=N"); return nil }
            let mn = flag("--min")
            guard let cpu = Int(c), (1...10000).contains(cpu) else { error(cw, "'\(c)' is not a CPU percentage (expected 1 to 10000)"); return nil }
            guard let maxR = Int(mx), (1...1000).contains(maxR) else { error(mw, "'\(mx)' is not a replica count (expected 1 to 1000)"); return nil }
            var minR = 1
            if let (m, w) = mn { guard let v = Int(m), (1...maxR).contains(v) else { error(w, "'\(m)' is not valid for --min (expected 1 to --max)"); return nil }; minR = v }
            return .autoscale(deployment: d, cpuPercent: cpu, min: minR, max: maxR)
        case "scale":
            guard let d = target(0) else { return nil }
            guard let (r, rw) = flag("--replicas") else { error(verb, "kubectl scale needs --replicas=N"); return nil }
            guard let n = Int(r), (0...1000).contains(n) else { error(rw, "'\(r)' is not a replica count (expected 0 to 1000)"); return nil }
            return .scale(deployment: d, replicas: n)
        case "set":
            guard rest.first?.text == "image", rest.count >= 3 else { error(verb, "expected: kubectl set image deployment/NAME CONTAINER=IMAGE"); return nil }
            guard let d = deploymentRef(rest[1]) else { return nil }
            let kv = rest[2].text.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[1].isEmpty else { error(rest[2], "'\(rest[2].text)' is not CONTAINER=IMAGE"); return nil }
            return .setImage(deployment: d, container: kv[0], image: kv[1])
        case "rollout":
            guard let sub = rest.first, ["restart", "status"].contains(sub.text) else { error(rest.first ?? verb, "expected: kubectl rollout restart|status deployment/NAME"); return nil }
            guard let d = target(1) else { return nil }
            return sub.text == "restart" ? .rolloutRestart(deployment: d) : .rolloutStatus(deployment: d)
        case "create":
            guard rest.first?.text == "configmap" || rest.first?.text == "cm", rest.count >= 2 else { error(verb, "expected: kubectl create configmap NAME --from-literal=KEY=VALUE"); return nil }
            var data: [(String, String)] = []
            for w in rest.dropFirst(2) {
                guard w.text.hasPrefix("--from-literal=") else { error(w, "expected --from-literal=KEY=VALUE"); return nil }
                let kv = w.text.dropFirst("--from-literal=".count).split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, !kv[0].isEmpty else { error(w, "expected --from-literal=KEY=VALUE"); return nil }
                data.append((kv[0], kv[1]))
            }
            return .createConfigMap(name: rest[1].text, data: data)
        case "delete":
            guard rest.count == 2, ["pod", "pods", "configmap", "cm"].contains(rest[0].text) else { error(verb, "expected: kubectl delete pod NAME or kubectl delete configmap NAME"); return nil }
            return rest[0].text.hasPrefix("pod") ? .deletePod(name: rest[1].text) : .deleteConfigMap(name: rest[1].text)
        case "get":
            let kinds = ["pods": "pods", "pod": "pods", "po": "pods", "hpa": "hpa", "horizontalpodautoscalers": "hpa",
                         "deployments": "deployments", "deployment": "deployments", "deploy": "deployments"]
            guard let k = rest.first, let kind = kinds[k.text] else { error(rest.first ?? verb, "expected: kubectl get pods|hpa|deployments"); return nil }
            return .get(kind)
        default:
            let hint = suggestion(for: verb.text, among: Parser.kubectlVerbs).map { " (did you mean '\($0)'?)" } ?? " (expected one of: \(Parser.kubectlVerbs.joined(separator: ", ")))"
            error(verb, "unknown kubectl command '\(verb.text)'\(hint)")
            return nil
        }
    }
}
