import SimCore

/// A Hystrix thread pool (`HystrixThreadPool.HystrixThreadPoolDefault`): `threads` workers
/// and, when `maxQueueSize` > 0, a queue bounded by `queueSizeRejectionThreshold`; a task
/// finding no thread and no queue room is rejected at once (THREAD_POOL_REJECTED).
public final class HystrixThreadPool {
    public let key: String
    public private(set) var properties: HystrixThreadPoolProperties
    public private(set) var active = 0
    private var queue = RingBuffer<() -> Void>()
    public private(set) var rejected: UInt64 = 0

    init(key: String, properties: HystrixThreadPoolProperties) { self.key = key; self.properties = properties }

    public var queued: Int { queue.count }

    /// Runs `task` on a thread now, queues it, or returns false (rejected).
    func submit(_ task: @escaping () -> Void) -> Bool {
        if active < properties.threads {
            active += 1
            task()
            return true
        }
        if queue.count < properties.queueCapacity {
            queue.append(task)
            return true
        }
        rejected += 1
        return false
    }

    /// A task's work is over (its blocking call returned): the thread takes the next task.
    func release() {
        active -= 1
        if let next = queue.removeFirst() {
            active += 1
            next()
        }
    }
}
