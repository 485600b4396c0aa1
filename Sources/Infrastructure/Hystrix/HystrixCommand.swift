import SimCore

/// How a Hystrix-wrapped call ended, as the calling code sees it.
public enum HystrixResult<Value> {
    /// `run()` returned in time.
    case success(Value)
    /// `run()` did not succeed and the fallback ran (its value is the caller's business:
    /// the seed's payment fallback returns null).
    case fallback(HystrixEventType)
    /// No usable fallback: `HystrixRuntimeException` with Hystrix's message.
    case error(HystrixEventType, message: String)
}

/// One command key's metrics and circuit breaker, and the execution of its calls
/// (`AbstractCommand`): breaker check, isolation (thread pool or semaphore), timeout,
/// outcome, metrics, fallback.
public final class HystrixCommandKey {
    public let name: String
    public let group: String
    public var properties: HystrixCommandProperties { didSet { breaker.properties = properties } }
    public let breaker: HystrixCircuitBreaker
    let pool: HystrixThreadPool
    let sim: Simulation
    private var stream: HealthCountsStream
    private var semaphoreInUse = 0
    /// Outcomes so far, by type.
    public private(set) var counts = Array(repeating: UInt64(0), count: HystrixEventType.allCases.count)

    init(name: String, group: String, properties: HystrixCommandProperties, pool: HystrixThreadPool, sim: Simulation) {
        self.name = name
        self.group = group
        self.properties = properties
        self.pool = pool
        self.sim = sim
        breaker = HystrixCircuitBreaker(properties: properties)
        stream = HealthCountsStream(start: sim.now, properties: properties)
    }

    public func count(_ e: HystrixEventType) -> UInt64 { counts[e.rawValue] }

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
        var done = false
        var timer = TimerHandle.none
        let isolation = properties.isolation
        let start = { [weak self] in
            guard let self = self else { return }
            if done { self.releaseIsolation(isolation); return } // timed out while queued: skipped
            run { [weak self] value in
                guard let self = self else { return }
                self.releaseIsolation(isolation)
                guard !done else { return }
                done = true
                self.sim.cancel(timer)
                if let v = value {
                    self.record(.success)
                    if self.breaker.markSuccess() { self.resetStream() }
                    completion(.success(v))
                } else {
                    self.finish(.failure, hasFallback, completion)
                }
            }
        }
        if properties.timeoutEnabled {
            timer = sim.schedule(after: properties.timeout) { [weak self] in
            guard let self = self else { return }
                guard !done else { return }
                done = true
                self.finish(.timeout, hasFallback, completion)
            }
        }
        switch isolation {
        case .thread:
            if !pool.submit(start) {
                done = true
                sim.cancel(timer)
                finish(.threadPoolRejected, hasFallback, completion)
            }
        case .semaphore:
            if semaphoreInUse >= properties.semaphoreMaxConcurrent {
                done = true
                sim.cancel(timer)
                finish(.semaphoreRejected, hasFallback, completion)
            } else {
                semaphoreInUse += 1
                start()
            }
        }
    }

    private func releaseIsolation(_ isolation: HystrixCommandProperties.Isolation) {
        switch isolation {
        case .thread: pool.release()
        case .semaphore: semaphoreInUse -= 1
        }
    }

    /// A non-success: metrics, breaker, then the fallback or Hystrix's exception.
    private func finish<Value>(_ e: HystrixEventType, _ hasFallback: Bool, _ completion: (HystrixResult<Value>) -> Void) {
        record(e)
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

    private func record(_ e: HystrixEventType) {
        counts[e.rawValue] += 1
        guard e != .shortCircuited else { return }
        stream.record(e, at: sim.now)
    }

    /// `metrics.resetStream()`: the breaker closed; counting starts again from now.
    private func resetStream() {
        stream = HealthCountsStream(start: sim.now, properties: properties)
    }

    /// `metrics.getHealthCounts()`: the stream's latest emitted snapshot, the one at the end
    /// of the last whole bucket (empty before the first bucket ends).
    public var latestHealth: HealthCounts {
        let last = stream.index(sim.now) - 1
        return last < 0 ? HealthCounts() : stream.snapshot(endingWith: last)
    }

    /// The health counts the next snapshot would report (for tests and timelines).
    public var currentHealth: HealthCounts { stream.snapshot(endingWith: stream.index(sim.now)) }
}

/// One service's Hystrix: command keys and thread pools, created on first use with the
/// properties the service's configuration gives them.
public final class Hystrix {
    let sim: Simulation
    public private(set) var commands: [HystrixCommandKey] = []
    public private(set) var pools: [HystrixThreadPool] = []
    /// Called on every breaker state change: (command, from, to, counts).
    public var onBreakerChange: ((HystrixCommandKey, HystrixCircuitBreaker.State, HystrixCircuitBreaker.State, HealthCounts?) -> Void)?

    public init(sim: Simulation) { self.sim = sim }

    /// The command `name` in group (and thread pool) `group`.
    public func command(_ name: String, group: String, config: SpringBootConfig) -> HystrixCommandKey {
        if let c = commands.first(where: { $0.name == name }) { return c }
        let pool: HystrixThreadPool
        if let p = pools.first(where: { $0.key == group }) { pool = p } else {
            pool = HystrixThreadPool(key: group, properties: HystrixProperties.threadPool(group, in: config))
            pools.append(pool)
        }
        let c = HystrixCommandKey(name: name, group: group, properties: HystrixProperties.command(name, in: config), pool: pool, sim: sim)
        c.breaker.onChange = { [unowned(unsafe) self, unowned(unsafe) c] from, to, hc in self.onBreakerChange?(c, from, to, hc) }
        commands.append(c)
        return c
    }

    /// The configuration changed: properties are read again (Archaius reads them dynamically).
    public func reconfigure(_ config: SpringBootConfig) {
        for c in commands { c.properties = HystrixProperties.command(c.name, in: config) }
        // Thread pools are sized when created, as Hystrix's are (a resize needs a restart).
    }

    /// The process died: Hystrix's state lives in its memory.
    public func reset() { commands.removeAll(); pools.removeAll() }
}
