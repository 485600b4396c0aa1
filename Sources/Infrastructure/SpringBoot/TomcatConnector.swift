import SimCore

/// Tomcat's NIO connector: it holds at most `server.tomcat.max-connections` connections
/// plus `accept-count` waiting in the backlog (refusing the rest), and runs each request on
/// one of `max-threads` worker threads, in arrival order.
///
/// Each admitted request must be answered exactly once; a second answer is a defect of
/// the model (asserted in debug builds), and a lost one would hold its thread for ever.
public final class TomcatConnector {
    /// The worker threads (`server.tomcat.max-threads`, 200).
    public let threads: Resource
    /// Responses sent, by status, and connections refused at the door.
    public private(set) var responses: [Int: UInt64] = [:]
    public private(set) var refused: UInt64 = 0
    private var openConnections = 0
    private var inflight: [Int: (HTTPAnswer) -> Void] = [:]
    private var nextRequestID = 0
    /// Requests up to this id were cut off by the process's death (answers to them are dropped).
    private var lastCutOff = 0

    init(name: String, maxThreads: Int, sim: Simulation) {
        threads = Resource(name: name + ".tomcat", capacity: maxThreads, sim: sim)
    }

    /// Refuses a connection (the process is not listening, or the backlog is full).
    func refuse(_ reply: (HTTPAnswer) -> Void) {
        refused += 1
        reply(.connectionRefused)
    }

    /// Admits a connection if `maxConnections + acceptCount` allows; returns its request id.
    func admit(limit: Int, _ reply: @escaping (HTTPAnswer) -> Void) -> Int? {
        guard openConnections < limit else { refuse(reply); return nil }
        openConnections += 1
        nextRequestID += 1
        inflight[nextRequestID] = reply
        return nextRequestID
    }

    /// Answers request `id`, frees its thread and connection.
    func finish(_ id: Int, _ result: HTTPAnswer) {
        guard let reply = inflight.removeValue(forKey: id) else {
            assert(id <= lastCutOff, "TomcatConnector: request \(id) answered twice")
            return
        }
        threads.release()
        openConnections -= 1
        if let s = result.status { responses[s, default: 0] += 1 }
        reply(result)
    }

    /// The process died: every connection is cut. Returns the callers to tell, oldest first.
    func cutAll() -> [(HTTPAnswer) -> Void] {
        let pending = inflight.keys.sorted().compactMap { inflight[$0] }
        inflight.removeAll()
        openConnections = 0
        lastCutOff = nextRequestID
        threads.reset()
        return pending
    }
}
