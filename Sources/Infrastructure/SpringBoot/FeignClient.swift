import SimCore
import Formats

/// A Spring Cloud OpenFeign client in its caller's process (`@FeignClient(name: ...)`).
/// With `feign.hystrix.enabled` each method runs as a Hystrix command (`configKey`,
/// group and thread pool: the client's name); Feign encodes and decodes on that thread.
public struct FeignClient {
    unowned(unsafe) let app: SpringBootApp
    /// The client's name: its Hystrix group and thread pool.
    public let name: String

    /// A call through the client. A 2xx answer is a success; anything else is the exception
    /// Feign throws (`FeignClient.message`). In a cold process the caller first waits for
    /// the client's build (the code's `getBean`) and, under Hystrix, for Hystrix's first
    /// command; both come before the command's timer starts (`FirstUse`).
    public func call(configKey: String, host: String, _ request: HTTPRequest, hasFallback: Bool,
                     trace: TraceContext? = nil, _ then: @escaping (HystrixResult<HTTPResponse>) -> Void) {
        let app = self.app
        let costs = app.config.costs
        app.firstUse.once(.feignClient(name), cost: costs.feignClientBuild) {
            guard app.config.feignHystrixEnabled else {
                self.invoke(configKey: configKey, host: host, request, hasFallback: hasFallback, trace: trace, then)
                return
            }
            app.firstUse.once(.hystrix, cost: costs.hystrixFirstCommand) {
                self.invoke(configKey: configKey, host: host, request, hasFallback: hasFallback, trace: trace, then)
            }
        }
    }

    /// The call once the client and Hystrix exist.
    private func invoke(configKey: String, host: String, _ request: HTTPRequest, hasFallback: Bool,
                        trace: TraceContext?, _ then: @escaping (HystrixResult<HTTPResponse>) -> Void) {
        let app = self.app
        if !app.config.feignHystrixEnabled && app.config.feignCircuitBreakerEnabled {
            callThroughResilience4j(configKey: configKey, host: host, request, hasFallback: hasFallback, trace: trace, then)
            return
        }
        guard app.config.feignHystrixEnabled else {
            let url = "http://\(host)\(request.path)" // for the exception's message only
            send(host: host, request, trace: trace) { result in
                switch result {
                case .response(let r) where (200..<300).contains(r.status): then(.success(r))
                default: then(.error(.failure, message: FeignClient.message(result, request.method, url, configKey)))
                }
            }
            return
        }
        let command = app.hystrix.command(configKey, group: name, config: app.config)
        let costs = app.config.costs
        // The caller's view of the command: from its creation to the outcome it is given.
        let span = app.tracer?.startSpan("hystrix \(configKey)", service: app.name, parent: trace,
                                         tags: [("hystrix.group", name), ("hystrix.pool.active", String(command.pool.active)),
                                                ("hystrix.pool.size", String(command.pool.corePoolSize)),
                                                ("hystrix.circuit", command.breaker.isOpen ? "OPEN" : "CLOSED")])
        // The caller's thread builds the command (HystrixInvocationHandler); Feign encodes
        // and decodes on the pool's thread; a rejection creates the pool's
        // RejectedExecutionException on the caller's thread.
        app.cpuWork(costs.hystrixCommand) { [unowned(unsafe) app] in
            command.execute(hasFallback: hasFallback, run: { (done: @escaping (HTTPResponse?) -> Void) in
                app.cpuWork(costs.feignCodec) {
                    self.send(host: host, request, trace: span) { result in
                        if case .response(let r) = result, (200..<300).contains(r.status) { done(r) } else { done(nil) }
                    }
                }
            }, completion: { [unowned(unsafe) app] result in
                if let t = app.tracer, span != nil {
                    switch result {
                    case .success: t.finish(span, tags: [("hystrix.event", "SUCCESS")])
                    case .fallback(let e): t.finish(span, tags: [("hystrix.event", e.name), ("hystrix.fallback", "FALLBACK_SUCCESS")])
                    case .error(let e, let message): t.finish(span, tags: [("hystrix.event", e.name), ("error", message)])
                    }
                }
                switch result {
                case .fallback(.threadPoolRejected), .error(.threadPoolRejected, _):
                    app.cpuWork(costs.exceptions(1)) { then(result) }
                default: then(result)
                }
            })
        }
    }

    /// The HTTP exchange itself, with Feign's connect + read timeout; a late answer is
    /// ignored (the callee still did the work). Nothing is delivered once the caller died.
    public func send(host: String, _ request: HTTPRequest, trace: TraceContext? = nil, _ then: @escaping (HTTPResult) -> Void) {
        let app = self.app
        let gen = app.generation
        let timeout = app.config.feignConnectTimeout + app.config.feignReadTimeout
        var request = request
        var deliver = then
        if let t = app.tracer, let span = t.startSpan("\(request.method) \(request.routeTemplate)", kind: .client, service: app.name, parent: trace,
                                                      tags: [("http.method", request.method), ("http.path", request.path), ("peer.service", name)]) {
            request.trace = span
            deliver = { result in
                switch result {
                case .response(let r): t.finish(span, tags: [("http.status_code", String(r.status))] + (r.status >= 400 ? [("error", String(r.status))] : []))
                default: t.finish(span, tags: [("error", FeignClient.message(result, request.method, "http://\(host)\(request.path)", "\(request.method) \(request.path)"))])
                }
                then(result)
            }
        }
        let outcome = OneShot<HTTPResult>(sim: app.sim, timeout: timeout,
                                          ownerAlive: { [unowned(unsafe) app] in gen == app.generation },
                                          onTimeout: { .timedOut(timeout) }, deliver: deliver)
        app.network.send(from: app.name, to: host, request) { outcome.answer(HTTPResult($0)) }
    }

    /// The message of the exception Feign throws for a result that is not a 2xx answer.
    public static func message(_ result: HTTPResult, _ method: String, _ url: String, _ configKey: String) -> String {
        switch result {
        case .response(let r): return "status \(r.status) reading \(configKey)"
        case .connectionRefused: return "Connection refused (Connection refused) executing \(method) \(url)"
        case .connectionReset: return "Connection reset executing \(method) \(url)"
        case .timedOut: return "Read timed out executing \(method) \(url)"
        }
    }
}

extension SpringBootApp {
    /// The Feign client `name` of this process.
    public func feignClient(_ name: String) -> FeignClient { FeignClient(app: self, name: name) }
}

extension FeignClient {
    /// Spring Cloud OpenFeign 3.1's `FeignCircuitBreakerInvocationHandler` with
    /// spring-cloud-circuitbreaker-resilience4j 2.1's `Resilience4JCircuitBreaker.run`: the
    /// breaker (outermost) takes a permission, the time limiter waits for the call, which
    /// runs on the factory's unbounded cached thread pool; the breaker records the outcome
    /// with the time it waited (an exception, TimeoutException included, is a failure unless
    /// `record-exceptions` leaves it out, and then a success). Any exception,
    /// CallNotPermittedException included, goes to the fallback; without one the caller gets
    /// NoFallbackAvailableException ("No fallback available.").
    func callThroughResilience4j(configKey: String, host: String, _ request: HTTPRequest, hasFallback: Bool,
                                 trace: TraceContext?, _ then: @escaping (HystrixResult<HTTPResponse>) -> Void) {
        let app = self.app
        let (breaker, limiter) = app.resilience4j.instance(configKey, group: name, config: app.config)
        let costs = app.config.costs
        let span = app.tracer?.startSpan("circuitbreaker \(configKey)", service: app.name, parent: trace,
                                         tags: [("resilience4j.circuitbreaker", configKey), ("resilience4j.state", breaker.state.rawValue)])
        func outcome(_ event: HystrixEventType) {
            if let t = app.tracer, span != nil {
                t.finish(span, tags: [("resilience4j.event", event.resilience4jName)] + (hasFallback ? [("resilience4j.fallback", "true")] : [])
                                    + (hasFallback ? [] : [("error", "No fallback available.")]))
            }
            if hasFallback { then(.fallback(event)) } else { then(.error(event, message: "No fallback available.")) }
        }
        // The caller's thread creates and decorates the call (the Hystrix command's cost stands in).
        app.cpuWork(costs.hystrixCommand) { [unowned(unsafe) app] in
            guard breaker.tryAcquirePermission() else { outcome(.shortCircuited); return }
            let start = app.sim.now
            let gen = app.generation
            // nil: the time limiter's TimeoutException.
            let timeout: OneShot<HTTPResult?> = limiter.waitFor(ownerAlive: { [unowned(unsafe) app] in gen == app.generation }) { [unowned(unsafe) app] result in
                let waited = app.sim.now - start
                guard let result = result else {
                    breaker.onError(JavaExceptions.timeLimiterTimeout, duration: waited)
                    outcome(.timeout)
                    return
                }
                if case .response(let r) = result, (200..<300).contains(r.status) {
                    breaker.onResult(success: true, duration: waited)
                    app.tracer?.finish(span, tags: [("resilience4j.event", "SUCCESS")])
                    then(.success(r))
                } else {
                    breaker.onError(JavaExceptions.thrownByFeign(result), duration: waited)
                    outcome(.failure)
                }
            }
            // On a thread of the cached pool: Feign encodes, calls and decodes. A timed-out
            // call's thread stays in its socket read (the interrupt is ignored); the pool
            // grows, so nothing is ever rejected.
            app.cpuWork(costs.feignCodec) {
                self.send(host: host, request, trace: span) { timeout.answer($0) }
            }
        }
    }
}

extension HystrixEventType {
    /// The same outcome under Resilience4j's names.
    var resilience4jName: String {
        switch self {
        case .success: return "SUCCESS"
        case .failure: return "ERROR"
        case .timeout: return "TIMEOUT"
        case .shortCircuited: return "NOT_PERMITTED"
        case .threadPoolRejected, .semaphoreRejected: return "BULKHEAD_FULL"
        }
    }
}
