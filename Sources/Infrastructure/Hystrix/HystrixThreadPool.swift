import SimCore

/// A Hystrix thread pool (`HystrixThreadPool.HystrixThreadPoolDefault`, 1.5.18): a
/// `ThreadPoolExecutor` of `maximumPoolSize` workers and, when `maxQueueSize` > 0, a queue
/// bounded by `queueSizeRejectionThreshold`; a task finding no thread and no queue room is
/// rejected at once (THREAD_POOL_REJECTED).
///
/// Its properties are dynamic (Archaius): `touchConfig()` (HystrixThreadPool.java:210-235)
/// runs at every thread-isolated execution (`getScheduler`, line 205, from
/// `AbstractCommand.executeCommandWithSpecifiedIsolation`, after the breaker let the call
/// through) and resizes the executor when `coreSize`, or with
/// `allowMaximumSizeToDivergeFromCoreSize` the maximum, changed. A configuration change
/// therefore takes effect at the next execution, not at the change. `maxQueueSize` is read
/// once: the queue is built with the pool (`queueSize` is final, line 169), while
/// `queueSizeRejectionThreshold` is read at each submission (`isQueueSpaceAvailable`, line 263).
public final class HystrixThreadPool {
    public let key: String
    /// The properties as Archaius holds them now; the executor follows them at `touchConfig`.
    public private(set) var properties: HystrixThreadPoolProperties
    /// The executor's `corePoolSize` and `maximumPoolSize`, as created or last touched.
    public private(set) var corePoolSize: Int
    public private(set) var maximumPoolSize: Int
    /// `maxQueueSize` when the pool was created: -1 (or 0) is a SynchronousQueue, no queue.
    public let maxQueueSize: Int
    public private(set) var active = 0
    private var queue = RingBuffer<() -> Void>()
    public private(set) var rejected: UInt64 = 0

    init(key: String, properties: HystrixThreadPoolProperties) {
        self.key = key
        self.properties = properties
        // HystrixConcurrencyStrategy.getThreadPool: core = coreSize, maximum = the actual maximum.
        corePoolSize = properties.coreSize
        maximumPoolSize = properties.threads
        maxQueueSize = properties.maxQueueSize
    }

    public var queued: Int { queue.count }

    /// Tasks that may wait for a thread: the queue built at creation, bounded now by the
    /// current `queueSizeRejectionThreshold`.
    var queueCapacity: Int { maxQueueSize <= 0 ? 0 : min(maxQueueSize, properties.queueSizeRejectionThreshold) }

    /// The configuration changed: Archaius has the new values at once; the executor takes
    /// them at the next execution's `touchConfig`.
    func reconfigure(_ properties: HystrixThreadPoolProperties) { self.properties = properties }

    /// `touchConfig()`: resizes the executor when `coreSize` changed, or the maximum did with
    /// divergence allowed (turning divergence off alone leaves the maximum as it was, as
    /// 1.5.18's condition does). The executor is Java 8's: a larger core starts workers for
    /// queued tasks at once (`setCorePoolSize`); a smaller size stops no busy thread, which
    /// leaves when its task ends (`getTask` sees more workers than the maximum).
    private func touchConfig() {
        let core = properties.coreSize
        let diverge = properties.allowMaximumSizeToDivergeFromCoreSize
        // actualMaximumSize(), raised to coreSize when the maximum is set below it.
        let maximum = properties.threads
        guard corePoolSize != core || (diverge && maximumPoolSize != maximum) else { return }
        corePoolSize = core
        maximumPoolSize = maximum
        while active < maximumPoolSize, let next = queue.removeFirst() {
            active += 1
            next()
        }
    }

    /// An execution's `getScheduler` and submission: runs `task` on a thread now, queues it,
    /// or returns false (rejected).
    func submit(_ task: @escaping () -> Void) -> Bool {
        touchConfig()
        if active < maximumPoolSize {
            active += 1
            task()
            return true
        }
        if queue.count < queueCapacity {
            queue.append(task)
            return true
        }
        rejected += 1
        return false
    }

    /// A task's work is over (its blocking call returned): the thread takes the next task,
    /// unless the pool has more threads than its maximum (that thread leaves instead).
    func release() {
        active -= 1
        if active < maximumPoolSize, let next = queue.removeFirst() {
            active += 1
            next()
        }
    }
}
