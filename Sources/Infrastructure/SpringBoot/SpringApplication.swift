import SimCore

/// The application code inside a Spring Boot process: REST handlers and event handlers.
/// The infrastructure runs it on Tomcat threads and the Kafka consumer thread.
public protocol SpringApplication: AnyObject {
    /// Handles a REST request; must end with exactly one `context.respond`.
    func handle(_ context: RequestContext)
    /// Handles one consumed event; must call `done` once its transaction has committed.
    func consume(_ record: KafkaRecord, on app: SpringBootApp, done: RecordAck)
    /// The process died: the in-memory database is gone.
    func processDied()
}

/// One request being served on a Tomcat thread.
public final class RequestContext {
    public unowned(unsafe) let app: SpringBootApp
    public let request: HTTPRequest
    /// The request's exchange with Tomcat, which its one answer closes.
    let exchange: TomcatExchange
    /// This request's server span, when traced: the parent of the spans of its work.
    public let span: TraceContext?
    /// The innermost open span of the request's thread (its transaction while one is
    /// open): where a step the application takes nests.
    public var work: TraceContext?

    init(app: SpringBootApp, exchange: TomcatExchange, request: HTTPRequest, span: TraceContext?) {
        self.app = app; self.exchange = exchange; self.request = request; self.span = span; self.work = span
    }

    /// Sends the response and frees the Tomcat thread.
    public func respond(_ response: HTTPResponse) {
        if let t = app.tracer, span != nil {
            var tags = [("http.status_code", String(response.status))]
            if response.status >= 500 { tags.append(("error", response.body?["message"]?.stringValue ?? String(response.status))) }
            t.finish(span, tags: tags)
        }
        app.tomcat.finish(exchange, .response(response))
    }

    /// Spring Boot's error response, status 500 by default. Tomcat forwards the failed
    /// request to `/error`, a second pass through Spring MVC (`BasicErrorController`), which
    /// costs the CPU of a request before the answer leaves.
    ///
    /// An exception no handler resolved (`unhandled`) is first logged by Tomcat's
    /// `StandardWrapperValve` at ERROR ("Servlet.service() ... threw exception ... with root
    /// cause") with its root cause's stack trace: rendering it, then one console write.
    public func fail(status: Int = 500, message: String, unhandled: Bool = false) {
        let body = app.errorResponse(status: status, message: message, path: request.path)
        guard unhandled else {
            app.cpuWork(app.config.requestCPU) { self.respond(body) }
            return
        }
        let costs = app.config.costs
        // Tomcat's ERROR log of the stack trace, then the /error dispatch.
        let dispatch = app.tracer?.startSpan("error dispatch /error", service: app.name, parent: span,
                                             tags: [("exception", message)])
        app.cpuWork(costs.stackTrace(frames: costs.callbackStackDepth)) {
            self.app.consoleWrites(1) {
                self.app.cpuWork(self.app.config.requestCPU) {
                    self.app.tracer?.finish(dispatch)
                    self.respond(body)
                }
            }
        }
    }
}
