import SimCore

/// How a Hystrix-wrapped call ended, as the calling code sees it.
public enum HystrixResult<Value> {
    /// `run()` returned in time.
    case success(Value)
    /// `run()` did not succeed and the fallback ran (its value is the caller's business:
    /// a fallback that returns null).
    case fallback(HystrixEventType)
    /// No usable fallback: `HystrixRuntimeException` with Hystrix's message.
    case error(HystrixEventType, message: String)
}

/// One Hystrix command (by command key): its circuit breaker, its metrics, and the
/// execution of its calls (`AbstractCommand`): breaker check, isolation (thread pool or
/// semaphore), timeout, outcome, metrics, fallback.
public final class HystrixCommand {
    public let name: String
    public let group: String
    public var properties: HystrixCommandProperties { didSet { breaker.properties = properties; metrics.properties = properties } }
    public let breaker: HystrixCircuitBreaker
    let pool: HystrixThreadPool
    let sim: Simulation
    /// `HystrixCommandMetrics`: outcome counts and the health counts the breaker reads.
    public let metrics: HystrixCommandMetrics
    private var semaphoreInUse = 0

    init(name: String, group: String, properties: HystrixCommandProperties, pool: HystrixThreadPool, sim: Simulation) {
        self.name = name
        self.group = group
        self.properties = properties
        self.pool = pool
        self.sim = sim
        breaker = HystrixCircuitBreaker(properties: properties)
        metrics = HystrixCommandMetrics(sim: sim, properties: properties)
    }

    public func count(_ e: HystrixEventType) -> UInt64 { metrics.count(e) }
    public var latestHealth: HealthCounts { metrics.latestHealth }
    public var currentHealth: HealthCounts { metrics.currentHealth }

    /// Executes one call. `run` starts the work and calls its completion once with whether
    /// it succeeded and its value; `completion` gets what the caller sees. The work keeps
    /// going after a timeout (Feign's socket read ignores the interrupt) and holds its
    /// thread until it returns.
    public func execute<Value>(hasFallback: Bool,
                               run: @escaping (@escaping (Value?) -> Void) -> Void,
                               completion: @escaping (HystrixResult<Value>) -> Void) {
        guard breaker.allowRequest(now: sim.now, health: latestHealth) else {
            finish(.shortCircuited, hasFallback, completion)
            return
        }
        let isolation = properties.isolation
        // The first of the run's result, the timeout and a rejection decides the outcome.
        let outcome = OneShot<Outcome<Value>>(
            sim: sim, timeout: properties.timeoutEnabled ? properties.timeout : nil,
            ownerAlive: { [weak self] in self != nil }, onTimeout: { .event(.timeout) }
        ) { [weak self] outcome in
            guard let self = self else { return }
            switch outcome {
            case .success(let v):
                self.metrics.record(.success)
                if self.breaker.markSuccess() { self.metrics.resetStream() }
                completion(.success(v))
            case .event(let e):
                self.finish(e, hasFallback, completion)
            }
        }
        let start = { [weak self] in
            guard let self = self else { return }
            if outcome.isResolved { self.releaseIsolation(isolation); return } // timed out while queued: skipped
            run { [weak self] value in
                guard let self = self else { return }
                self.releaseIsolation(isolation)
                outcome.answer(value.map { .success($0) } ?? .event(.failure))
            }
        }
        switch isolation {
        case .thread:
            if !pool.submit(start) { outcome.answer(.event(.threadPoolRejected)) }
        case .semaphore:
            if semaphoreInUse >= properties.semaphoreMaxConcurrent {
                outcome.answer(.event(.semaphoreRejected))
            } else {
                semaphoreInUse += 1
                start()
            }
        }
    }

    /// How a call ended, before the fallback: its value, or the Hystrix event.
    private enum Outcome<Value> {
        case success(Value)
        case event(HystrixEventType)
    }

    private func releaseIsolation(_ isolation: HystrixCommandProperties.Isolation) {
        switch isolation {
        case .thread: pool.release()
        case .semaphore: semaphoreInUse -= 1
        }
    }

    /// A non-success: metrics, breaker, then the fallback or Hystrix's exception.
    private func finish<Value>(_ e: HystrixEventType, _ hasFallback: Bool, _ completion: (HystrixResult<Value>) -> Void) {
        metrics.record(e)
        if properties.fallbackEnabled && hasFallback {
            completion(.fallback(e))
            return
        }
        let what: String
        switch e {
        case .timeout: what = "timed-out"
        case .shortCircuited: what = "short-circuited"
        case .threadPoolRejected: what = "could not be queued for execution"
        case .semaphoreRejected: what = "could not acquire a semaphore for execution"
        default: what = "failed"
        }
        completion(.error(e, message: "\(name) \(what) and \(properties.fallbackEnabled ? "no fallback available" : "fallback disabled")."))
    }
}
