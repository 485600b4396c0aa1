/// Which incarnation of a process is alive. The process renews it when it dies and when it
/// starts; its components note the incarnation when they schedule work and drop the work
/// if it fires in a later one (the thread that would have run it died with the process).
final class ProcessLifetime {
    private(set) var generation = 0

    /// The process died or started: work noted before now is dropped.
    func renew() { generation += 1 }

    /// Whether work noted in incarnation `generation` may still run.
    @inline(__always) func isCurrent(_ generation: Int) -> Bool { generation == self.generation }
}
