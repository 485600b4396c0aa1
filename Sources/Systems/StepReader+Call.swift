import Infrastructure
import Formats

extension StepReader {
    /// `call: Interface.method(ARGS)` with `on-answer`, `on-null` (the fallback returned
    /// null) and `on-error` (the call failed without a fallback; default `rethrow`).
    func call(_ first: YAMLEntry, _ item: YAMLNode) -> [Step] {
        guard let text = string(first.value, "call") else { return [] }
        let node = first.value
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")"),
              let dot = text[..<open].lastIndex(of: ".") else {
            sink.error(node, "'\(text)' is not a call (expected Interface.method(ARGS), such as StockService.reserve(${id}))")
            return []
        }
        let iface = String(text[..<dot]), name = String(text[text.index(after: dot)..<open])
        let argText = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingSpaces
        guard let client = service.clients.first(where: { $0.interface == iface }) else {
            sink.error(node, "\(service.name) has no Feign client '\(iface)' (under feign-clients:)" + sink.hint(iface, service.clients.map { $0.interface }))
            return []
        }
        guard let method = client.methods.first(where: { $0.name == name }) else {
            sink.error(node, "\(iface) has no method '\(name)'" + sink.hint(name, client.methods.map { $0.name }))
            return []
        }
        let args = argText.isEmpty ? [] : argText.split(separator: ",").map { String($0).trimmingSpaces }
        guard args.count == method.params.count else {
            sink.error(node, "\(iface).\(name) takes \(method.params.count) argument(s), not \(args.count)")
            return []
        }
        var values: [(String, StepValue)] = []
        for (p, a) in zip(method.params, args) {
            guard let v = expr.value(a, at: node) else { return [] }
            values.append((p.name, v))
        }
        guard let path = pathParts(method.path, values, at: node) else { return [] }
        var answering = self
        answering.expr.answerFields = client.target?.fields
        let onAnswer = answering.steps(item["on-answer"], "on-answer")
        let onNull = steps(item["on-null"], "on-null")
        let onError = item["on-error"].map { steps($0, "on-error") } ?? [.rethrowCallError(thrown: place == .hook ? 3 : 1)]
        func step(_ fallback: FallbackClass?) -> Step {
            var onFallback: [Step] = fallback.map { $0.prints > 0 ? [.print($0.prints)] : [] } ?? []
            if let f = fallback {
                if let m = f.throwsMessage { onFallback.append(.raise(JavaException(message: m, thrown: 1))) }
                else if f.returns.isNull { onFallback += onNull }
                else { onFallback += [.answer(f.returns)] + onAnswer }
            }
            return .call(FeignCallStep(
                client: client.name, configKey: iface + method.configKey, method: method.verb,
                urlProperty: client.urlProperty, defaultURL: client.defaultURL, path: path, hasFallback: fallback != nil,
                onSuccess: onAnswer, onFallback: onFallback, onError: onError))
        }
        switch client.fallback {
        case .none: return [step(nil)]
        case .fixed(let f): return [step(f)]
        case .choose(let key, let alternatives):
            guard let variant = service.variant(key) else { return [] }
            let alts = variant.values.map { v in StepChoice.Alternative(v, [step(alternatives.first { $0.value == v }?.1)]) }
            return [.choose(StepChoice(property: variant.key, default: variant.defaultValue, alts))]
        }
    }

    /// The method's path with `{name}` replaced by the argument of that name; adjacent text joined.
    func pathParts(_ path: String, _ args: [(String, StepValue)], at node: YAMLNode) -> [StepValue]? {
        var parts: [StepValue] = []
        func add(_ v: StepValue) {
            if case .text(let t) = v, case .text(let prev)? = parts.last { parts[parts.count - 1] = .text(prev + t) } else { parts.append(v) }
        }
        var rest = Substring(path)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { sink.error(node, "the path '\(path)' has an unterminated {"); return nil }
            if open > rest.startIndex { add(.text(String(rest[..<open]))) }
            let name = String(rest[rest.index(after: open)..<close])
            guard let v = args.first(where: { $0.0 == name })?.1 else {
                sink.error(node, "the path '\(path)' names {\(name)}, which is no parameter of the method")
                return nil
            }
            add(v)
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { add(.text(String(rest))) }
        return parts
    }
}
