import Foundation
import SimCore
import Infrastructure
import Systems
import Formats

/// The client commands: `http`, `siege` and `load`, and the URLs and methods they take.
extension Parser {
    mutating func httpMethod(_ w: Word) -> String? {
        let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        if methods.contains(w.text.uppercased()) { return w.text.uppercased() }
        error(w, "unknown HTTP method '\(w.text)' (expected one of: \(methods.joined(separator: ", ")))")
        return nil
    }

    /// Resolves httpie and siege URL forms to a known host and a path.
    mutating func target(_ w: Word, text: String? = nil) -> Target? {
        var u = text ?? w.text
        if u.hasPrefix("https://") { error(w, "https is not modelled (expected an http:// URL)"); return nil }
        if u.hasPrefix("http://") { u.removeFirst(7) }
        var host: String, path: String
        if u.hasPrefix("/") { host = "localhost:8080"; path = u }
        else {
            let slash = u.firstIndex(of: "/") ?? u.endIndex
            host = String(u[..<slash]); path = slash == u.endIndex ? "/" : String(u[slash...])
            if host.hasPrefix(":") { host = "localhost" + host }
            if host == "localhost" { host = "localhost:80" }
            if !host.contains(":") { host += ":80" }
        }
        guard knownHosts.contains(host) else {
            let hint = suggestion(for: host, among: knownHosts).map { " (did you mean '\($0)'?)" }
                ?? " (expected the gateway :8080, a service's local port localhost:8081–8085, or NAME:8080)"
            error(w, "unknown host '\(host)'\(hint)")
            return nil
        }
        return Target(host: host, path: path)
    }

    mutating func http(_ line: SourceLine, _ args: [Word]) -> Command? {
        var a = args[...]
        guard !a.isEmpty else { error(line, "http needs a URL (expected: http [METHOD] URL [ITEM ...])"); return nil }
        var method: String? = nil
        if let first = a.first, !first.text.isEmpty, first.text.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            // httpie's METHOD: an upper-case word before the URL.
            guard let m = httpMethod(first) else { return nil }
            method = m; a = a.dropFirst()
        }
        guard let urlWord = a.first else { error(line, "http needs a URL after the method"); return nil }
        if urlWord.text.hasPrefix("-") { error(urlWord, "httpie options are not supported here (expected: http [METHOD] URL [ITEM ...])"); return nil }
        guard var t = target(urlWord) else { return nil }
        var fields: [(String, JSON)] = []
        var query: [String] = []
        for item in a.dropFirst() {
            let s = item.text
            if s.hasPrefix("=") || s.hasPrefix(":=") {
                error(item, "'\(s)' has no field name (expected NAME=VALUE, NAME:=JSON or NAME==VALUE)")
                continue
            }
            if let r = s.range(of: ":=") {
                let key = String(s[..<r.lowerBound])
                do { fields.append((key, try JSONParser.parse(String(s[r.upperBound...])))) }
                catch let e as JSONParser.Failure { error(item, "invalid JSON in '\(s)': \(e.message)") } catch {}
            } else if let r = s.range(of: "==") {
                query.append(String(s[..<r.lowerBound]) + "=" + String(s[r.upperBound...]))
            } else if let eq = s.firstIndex(of: "="), let colon = s.firstIndex(of: ":"), colon < eq {
                continue // a header (Name:value); headers do not change the model's answer
            } else if let eq = s.firstIndex(of: "=") {
                fields.append((String(s[..<eq]), .string(String(s[s.index(after: eq)...]))))
            } else if s.contains(":") {
                continue // header
            } else {
                error(item, "'\(s)' is not a request item (expected key=value, key:=json, key==query or Header:value)")
            }
        }
        if !query.isEmpty { t = Target(host: t.host, path: t.path + (t.path.contains("?") ? "&" : "?") + query.joined(separator: "&")) }
        let m = method ?? (fields.isEmpty ? "GET" : "POST")
        return .http(HttpCommand(method: m, target: t, body: fields.isEmpty ? nil : .object(fields)))
    }

    /// Splits siege's URL string: `URL [METHOD] [BODY]`.
    mutating func siegeURL(_ w: Word) -> (Target, String, JSON?)? {
        let text = w.text.trimmingSpaces
        let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? text.endIndex
        guard let t = target(w, text: String(text[..<space])) else { return nil }
        var rest = String(text[space...]).trimmingSpaces
        var method = "GET"
        for m in ["POST", "PUT", "PATCH", "DELETE", "GET"] where rest.hasPrefix(m) && (rest.count == m.count || rest.dropFirst(m.count).first == " ") {
            method = m; rest = String(rest.dropFirst(m.count)).trimmingSpaces
        }
        var body: JSON? = nil
        if !rest.isEmpty {
            do { body = try JSONParser.parse(rest) } catch let e as JSONParser.Failure {
                error(w, "the request body is not JSON: \(e.message) (expected 'URL POST {\"key\": value}')"); return nil
            } catch { return nil }
            if method == "GET" { method = "POST" }
        }
        return (t, method, body)
    }

    /// siege's repetitions: resortsim's cap (siege's own is an int).
    static let maxReps = 100_000_000

    mutating func siege(_ line: SourceLine, _ args: [Word]) -> SiegeCommand? {
        var concurrency = 10, time: SimDuration? = nil, reps: Int? = nil, delay = SiegeCommand.defaultDelay, verbose = false
        var contentType: String? = nil, url: Word? = nil
        var i = 0
        var ok = true
        func value(_ flag: String, _ w: Word) -> (String, Word)? {
            // -c100, -c 100, --concurrent=100, --concurrent 100
            if w.text.hasPrefix("--"), let eq = w.text.firstIndex(of: "=") { return (String(w.text[w.text.index(after: eq)...]), w) }
            if !w.text.hasPrefix("--") && w.text.count > 2 { return (String(w.text.dropFirst(2)), w) }
            i += 1
            guard i < args.count else { return nil }
            return (args[i].text, args[i])
        }
        while i < args.count {
            let w = args[i]
            let flag = w.text.hasPrefix("--") ? String(w.text.split(separator: "=")[0]) : String(w.text.prefix(2))
            switch flag {
            case "-c", "--concurrent":
                guard let (v, vw) = value(flag, w) else { error(w, "\(flag) needs a number of users"); ok = false; break }
                if let n = Int(v), (1...100_000).contains(n) { concurrency = n } else { error(vw, "'\(v)' is not a number of users (expected 1 to 100000)"); ok = false }
            case "-t", "--time":
                guard let (v, vw) = value(flag, w) else { error(w, "\(flag) needs a time such as 10S, 1M or 1H"); ok = false; break }
                let d = v.allSatisfy({ $0.isNumber }) ? "\(v)M" : v // siege: a bare number is minutes
                if let dur = try? ValueSyntax.duration(d), dur.nanoseconds > 0 { if withinRun(dur, vw) { time = dur } else { ok = false } } else { error(vw, "'\(v)' is not a siege time (expected NUMm with m one of S, M, H: 10S, 1M, 1H)"); ok = false }
            case "-r", "--reps":
                guard let (v, vw) = value(flag, w) else { error(w, "\(flag) needs a number of repetitions"); ok = false; break }
                if let n = Int(v), (1...Parser.maxReps).contains(n) { reps = n } else { error(vw, "'\(v)' is not a number of repetitions (expected 1 to \(Parser.maxReps))"); ok = false }
            case "-d", "--delay":
                guard let (v, vw) = value(flag, w) else { error(w, "\(flag) needs a number of seconds"); ok = false; break }
                if let d = Double(v), d >= 0, d <= 3600 { delay = d } else { error(vw, "'\(v)' is not a delay (expected seconds from 0 to 3600)"); ok = false }
            case "-b", "--benchmark":
                guard w.text == "-b" || w.text == "--benchmark" else { error(w, "unknown siege option '\(w.text)'"); ok = false; break }
                delay = 0
            case "-v", "--verbose":
                guard w.text == "-v" || w.text == "--verbose" else { error(w, "unknown siege option '\(w.text)'"); ok = false; break }
                verbose = true
            case "-T", "--content-type":
                guard let (v, _) = value(flag, w) else { error(w, "\(flag) needs a content type"); ok = false; break }
                contentType = v
            case "-H", "--header":
                _ = value(flag, w)
            default:
                if w.text.hasPrefix("-") {
                    error(w, "unknown siege option '\(w.text)' (expected -c, -t, -r, -d, -b, -v, --content-type, -H)"); ok = false
                } else if url == nil { url = w } else { error(w, "siege takes one URL (quote it with its method and body: 'URL POST {...}')"); ok = false }
            }
            i += 1
        }
        guard let u = url else { error(line, "siege needs a URL (expected: siege [options] 'URL [POST] [BODY]')"); return nil }
        guard ok, let (t, method, body) = siegeURL(u) else { return nil }
        if time == nil && reps == nil { error(line, "siege needs -t TIME or -r REPS here (without them siege runs until interrupted)"); return nil }
        if time == nil, let r = reps, concurrency * r > maxRequests {
            error(line, "this siege sends \(concurrency * r) requests (-c\(concurrency) x -r\(r)), more than the budget of \(maxRequests) a command; lower -c or -r, use -t, or raise the budget with --max-requests N")
            return nil
        }
        var s = SiegeCommand(target: t)
        s.concurrency = concurrency; s.time = time; s.reps = reps; s.delay = delay; s.verbose = verbose
        s.contentType = contentType; s.method = method; s.body = body
        return s
    }

    mutating func load(_ line: SourceLine, _ args: [Word]) -> LoadCommand? {
        var rate: Double? = nil, duration: SimDuration? = nil, arrivals = LoadCommand.Arrivals.poisson
        var timeout = SimDuration.seconds(30), url: Word? = nil
        var i = 0
        while i < args.count {
            let w = args[i]
            func next() -> Word? { i += 1; return i < args.count ? args[i] : nil }
            switch w.text {
            case "--rate":
                guard let v = next() else { error(w, "--rate needs a rate such as 200/s"); return nil }
                let t = v.text.hasSuffix("/s") ? String(v.text.dropLast(2)) : v.text
                guard let r = Double(t), r > 0, r <= 1_000_000 else { error(v, "'\(v.text)' is not a rate (expected requests per second such as 200/s, up to 1000000/s)"); return nil }
                rate = r
            case "--for":
                guard let v = next() else { error(w, "--for needs a duration"); return nil }
                guard let d = self.duration(v) else { return nil }
                guard d.nanoseconds > 0 else { error(v, "--for needs a duration above zero (expected such as 60s)"); return nil }
                guard withinRun(d, v) else { return nil }
                duration = d
            case "--arrivals":
                guard let v = next(), let a = LoadCommand.Arrivals(rawValue: v.text) else { error(w, "--arrivals needs poisson or constant"); return nil }
                arrivals = a
            case "--timeout":
                guard let v = next() else { error(w, "--timeout needs a duration"); return nil }
                guard let d = self.duration(v) else { return nil }
                guard d.nanoseconds > 0 else { error(v, "--timeout needs a duration above zero (expected such as 30s)"); return nil }
                timeout = d
            default:
                if w.text.hasPrefix("-") { error(w, "unknown load option '\(w.text)' (expected --rate, --for, --arrivals, --timeout)"); return nil }
                url = w
            }
            i += 1
        }
        guard let r = rate, let d = duration else { error(line, "load needs --rate and --for (expected: load --rate 200/s --for 60s 'URL ...')"); return nil }
        guard let u = url else { error(line, "load needs a URL"); return nil }
        let requests = r * d.seconds
        if requests > Double(maxRequests) {
            error(line, "this load sends about \(requests < 1e15 ? String(Int64(requests)) : String(format: "%.3g", requests)) requests (--rate x --for), more than the budget of \(maxRequests) a command; lower --rate or --for, or raise the budget with --max-requests N")
            return nil
        }
        guard let (t, method, body) = siegeURL(u) else { return nil }
        var l = LoadCommand(rate: r, duration: d, target: t)
        l.arrivals = arrivals; l.method = method; l.body = body; l.timeout = timeout
        return l
    }
}
