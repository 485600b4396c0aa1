import SimCore
import Infrastructure
import Formats

/// A Spring Data REST repository exported over HTTP, with the JPA lifecycle hooks and
/// Kafka handlers of the seed's services (the MSAEz template): the service's code is a
/// `ServiceProgram` (data), which a `StepInterpreter` runs per request and per record. This
/// type routes requests (Spring MVC's dispatch and Data REST's argument binding), holds the
/// entity's table and writes its representations.
public final class DataRestService: SpringApplication, StepHost {
    public let schema: EntitySchema
    public var table: EntityTable
    /// The service's code.
    public let program: ServiceProgram
    /// The fields of each event this entity publishes (the file's order).
    public let eventFields: [(String, [EventField])]
    /// The process this application runs in (it owns the application; unowned, not weak:
    /// a weak reference would give every process a side table and slow every unowned access).
    public unowned(unsafe) var app: SpringBootApp?

    public init(schema: EntitySchema, program: ServiceProgram, events: [(String, [EventField])]) {
        self.schema = schema
        self.table = EntityTable(schema: schema)
        self.program = program
        self.eventFields = events
    }

    // MARK: SpringApplication

    public func processDied() { table.removeAll() }

    public func handle(_ context: RequestContext) {
        let r = context.request
        let (segments, first, second, query) = r.routeHead
        if segments == 2 && first == "actuator" && second == "health" {
            context.respond(json(200, .object([("status", .string("UP"))]), contentType: "application/vnd.spring-boot.actuator.v2+json;charset=UTF-8"))
            return
        }
        guard segments == 1 || segments == 2, first == schema.collection else {
            context.fail(status: 404, message: "No message available")
            return
        }
        let run = StepInterpreter(host: self, context: context)
        if segments == 1 {
            switch r.method {
            case "GET":
                let request = DataRestPageRequest(query: String(query))
                run.registers.page = request.page
                run.registers.size = request.size
                // The page's rows as the request arrives (the select's extracts).
                run.registers.pageRows = max(0, min(request.size, table.count - request.page * request.size))
                run.run(program.endpoints.list)
            case "POST":
                guard let body = r.body, case .object = body else {
                    context.fail(status: 400, message: "JSON parse error: expected an object")
                    return
                }
                switch table.applying(body, to: table.blank(id: 0)) {
                case .failure(let e): context.fail(status: 400, message: e.message)
                case .success(let row):
                    run.registers.row = row
                    // An explicit id is honoured (a view's rows take their source's id).
                    run.registers.explicitId = body["id"]?.int64Value
                    run.run(program.endpoints.create)
                }
            default: context.fail(status: 405, message: "Request method '\(r.method)' not supported")
            }
            return
        }
        guard let id = Int64(second) else {
            context.fail(status: 400, message: "Failed to convert '\(second)' to Long")
            return
        }
        run.registers.pathId = id
        switch r.method {
        case "GET": run.run(program.endpoints.read)
        case "PATCH", "PUT":
            guard let body = r.body, case .object = body else {
                context.fail(status: 400, message: "JSON parse error: expected an object")
                return
            }
            run.registers.body = body
            run.registers.replace = r.method == "PUT"
            run.run(program.endpoints.update)
        case "DELETE": run.run(program.endpoints.delete)
        default: context.fail(status: 405, message: "Request method '\(r.method)' not supported")
        }
    }

    /// The handlers of the event types seen last, by the type string's identity. A
    /// record's type is the publishing program's own string, so the same string recurs;
    /// comparing it with every handler's type, as `==` does byte by byte, cost more than
    /// the rest of the choice.
    private var handlersByType = RecentByString<[Int]>(capacity: 16)

    func handlers(ofType type: String) -> [Int] { handlersByType.value(for: type) { program.handlers(ofType: type) } }

    public func consume(_ record: KafkaRecord, on app: SpringBootApp, done: RecordAck) {
        let type = ServiceProgram.eventType(record.value)
        guard let handler = program.handler(for: record.value, among: handlers(ofType: type)) else { done(); return }
        StepInterpreter(host: self, app: app, event: record.value, done: done).run(handler.steps)
    }

    // MARK: StepHost

    public func steps(for hook: EntityHook) -> [Step] { program.program(hook) }
    public func lifecycleEvents(existed: Bool) -> [String] { program.lifecycleEvents(existed: existed) }
    public var columns: Int { schema.fields.count }
    public func row(_ id: Int64) -> JSON? { table.rowInPlace(id) }
    public func firstRow(where field: String, is value: Int64) -> JSON? { table.first(where: field, is: value) }
    public func blankRow(id: Int64) -> JSON { table.blank(id: id) }
    public func nextId() -> Int64 { table.nextId() }
    public func save(_ row: JSON) -> Bool { table.save(row) }
    public func remove(_ id: Int64) { table.remove(id) }
    public func applying(_ body: JSON, to row: JSON) -> Result<JSON, StepHostError> {
        table.applying(body, to: row).mapError { StepHostError($0.message) }
    }

    /// The last URLs a Feign client was configured with and their hosts (a URL rarely
    /// changes; resolving one is not free).
    private var feignHosts: [(url: String, host: String)] = []

    public func feignHost(_ url: String) -> String {
        for entry in feignHosts where entry.url == url { return entry.host }
        let h = FeignCallStep.host(url)
        if feignHosts.count >= 4 { feignHosts.removeFirst() }
        feignHosts.append((url, h))
        return h
    }

    public func response(_ kind: StepResponse, _ registers: StepRegisters, _ context: RequestContext) -> HTTPResponse {
        let host = context.request.host
        let row = registers.row
        switch kind {
        case .created:
            var resp = json(201, hal(row, host))
            if let id = row["id"]?.int64Value { resp.headers.insert(("Location", href(id, host)), at: 0) }
            return resp
        case .entity: return json(200, hal(row, host, cache: true))
        case .updated: return json(200, hal(row, host))
        case .notFound: return HTTPResponse(status: 404, headers: baseHeaders(context.app))
        case .noContent: return HTTPResponse(status: 204, headers: baseHeaders(context.app))
        case .badRequest:
            return context.app.errorResponse(status: 400, message: registers.bodyError ?? "", path: context.request.path)
        case .page: return json(200, page(registers.page, registers.size, host))
        case .prepared: return HTTPResponse(status: 500)
        }
    }

    /// Spring Data REST's page of the collection (`PagedResources`).
    private func page(_ page: Int, _ size: Int, _ host: String) -> JSON {
        let count = table.count
        let from = min(count, page * size), to = min(count, from + size)
        let items = table.rows(from, to).map { hal($0, host) }
        let base = "http://\(host)/\(schema.collection)"
        return JSON.object([
            ("_embedded", .object([(schema.collection, .array(Array(items)))])),
            ("_links", .object([
                ("self", .object([("href", .string(base + "{?page,size,sort}")), ("templated", .bool(true))])),
                ("profile", .object([("href", .string("http://\(host)/profile/\(schema.collection)"))])),
            ])),
            ("page", .object([
                ("size", .int(Int64(size))), ("totalElements", .int(Int64(count))),
                ("totalPages", .int(Int64((count + size - 1) / size))), ("number", .int(Int64(page))),
            ])),
        ])
    }

    // MARK: Representations

    /// Each published type's fields and where they sit in a row of the table's shape, by
    /// the type string's identity (a program publishes its own strings).
    private var eventShapes = RecentByString<EventShape>(capacity: 16)

    public func event(_ type: String, _ row: JSON, _ app: SpringBootApp) -> JSON {
        let shape = eventShapes.value(for: type) {
            EventShape(keys: table.rowKeys, fields: eventFields.first { $0.0 == type }?.1 ?? [])
        }
        return DomainEvent.make(type, timestamp: app.eventTimestamp, from: row, fields: shape.fields, shape: shape)
    }

    /// The last hosts' `http://HOST/COLLECTION/` (a service answers under a few hosts;
    /// interpolating the whole link cost half of building a representation).
    private var hrefPrefixes = RecentByString<String>(capacity: 4)

    func href(_ id: Int64, _ host: String) -> String {
        var link = hrefPrefixes.value(for: host) { "http://\(host)/\(schema.collection)/" }
        link += String(id)
        return link
    }

    /// The HAL representation: the columns without the id (Spring Data REST hides it), then
    /// `_links`. A read caches it per row and host while the row is hot (`EntityTable`) and
    /// unchanged.
    func hal(_ row: JSON, _ host: String, cache: Bool = false) -> JSON {
        guard case .object(let members) = row, let id = row["id"]?.int64Value else { return row }
        if cache, let cached = table.cachedRepresentation(id, host) { return cached }
        var out: [(String, JSON)] = []
        out.reserveCapacity(members.count + 1)
        for m in members where m.0 != "id" { out.append(m) }
        let link = JSON.object([("href", .string(href(id, host)))])
        out.append(("_links", .object([("self", link), (schema.name, link)])))
        let representation = JSON.object(out)
        if cache { table.cacheRepresentation(id, host, representation) }
        return representation
    }

    func baseHeaders(_ app: SpringBootApp) -> [(String, String)] { [dateHeader(app)] }

    func dateHeader(_ app: SpringBootApp) -> (String, String) { ("Date", app.clock.httpDate(at: app.now)) }

    func json(_ status: Int, _ body: JSON, contentType: String = "application/hal+json;charset=UTF-8") -> HTTPResponse {
        var headers: [(String, String)] = []
        headers.reserveCapacity(3)
        headers.append(("Content-Type", contentType))
        if let app = app { headers.append(dateHeader(app)) }
        headers.append(("Transfer-Encoding", "chunked"))
        // Spring Data REST's HAL mapper indents (INDENT_OUTPUT); the actuator does not.
        return HTTPResponse(status: status, headers: headers, body: body, indented: contentType.hasPrefix("application/hal+json"))
    }
}
