import SimCore
import Infrastructure
import Formats

/// Spring Cloud Gateway: routes by path prefix to `http://NAME:8080`, answers with
/// reactor-netty's status line (with reason phrase), and turns a refused downstream
/// connection into 500, as Spring Cloud Gateway 2.x does. It has no response timeout of its
/// own (`spring.cloud.gateway.httpclient.response-timeout` is null in 2.1's
/// HttpClientProperties): a downstream that never answers is left to the client's timeout.
public final class Gateway: HTTPEndpoint {
    /// The routes, in order: the first whose prefix matches takes the request.
    public let routes: [GatewayRoute]
    let network: Network
    let sim: Simulation
    public var epoch: Int64 = 0 { didSet { clock = WallClockFormatter(epoch: epoch, phase: wallClockPhase) } }
    public var wallClockPhase: SimDuration = .zero { didSet { clock = WallClockFormatter(epoch: epoch, phase: wallClockPhase) } }
    private var clock = WallClockFormatter(epoch: 0)
    public private(set) var running = true
    /// Records spans when the run is traced.
    public var tracer: Tracer?
    /// Requests that reached the gateway (routed or not).
    public private(set) var requests: UInt64 = 0

    public init(network: Network, sim: Simulation, routes: [GatewayRoute]) { self.network = network; self.sim = sim; self.routes = routes }

    public func stop() { running = false }
    public func start() { running = true }

    public func accept(_ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void) {
        guard running else { reply(.connectionRefused); return }
        requests += 1
        let path = request.pathOnly
        guard let route = routes.first(where: { $0.matches(path) }) else {
            reply(.response(error(404, "Not Found", request.path)))
            return
        }
        var forwarded = request
        forwarded.host = route.host
        var reply = reply
        if let t = tracer, let span = t.startSpan("\(request.method) \(request.routeTemplate)", kind: .server, service: "gateway",
                                                  parent: request.trace, tags: [("http.method", request.method), ("http.path", request.path)]) {
            // One span for the route: Spring Cloud Gateway's server exchange and its proxied call.
            forwarded.trace = span
            let answer = reply
            reply = { result in
                let status = result.status ?? 0
                t.finish(span, tags: [("http.status_code", String(status))] + (status >= 500 ? [("error", result.response?.body?["message"]?.stringValue ?? String(status))] : []))
                answer(result)
            }
        }
        network.send(from: "gateway", to: forwarded.host, forwarded) { [unowned(unsafe) self] result in
            switch result {
            case .response(var r):
                r.reason = HTTPResponse.reasonPhrase(r.status)
                reply(.response(r))
            case .connectionRefused:
                reply(.response(self.error(500, "Connection refused: \(route.service)/\(route.service):8080", request.path)))
            case .connectionReset:
                reply(.response(self.error(500, "Connection prematurely closed BEFORE response", request.path)))
            }
        }
    }

    func error(_ status: Int, _ message: String, _ path: String) -> HTTPResponse {
        HTTPResponse(status: status, reason: HTTPResponse.reasonPhrase(status),
                     headers: [("Content-Type", "application/json")],
                     body: .object([
                        ("timestamp", .string(clock.isoMillis(at: sim.now))),
                        ("path", .string(path)), ("status", .int(Int64(status))),
                        ("error", .string(HTTPResponse.reasonPhrase(status))), ("message", .string(message)),
                     ]))
    }
}
