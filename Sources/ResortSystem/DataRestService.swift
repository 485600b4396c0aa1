import SimCore
import Infrastructure
import Formats

/// A Spring Data REST repository exported over HTTP, with the JPA lifecycle hooks and
/// Kafka policy handlers of the seed's services (the MSAEz template). Subclasses are the
/// five services; they override the hooks.
open class DataRestService: SpringApplication {
    public let schema: EntitySchema
    public var table: EntityTable
    /// Event fields written for this entity's events (its columns in order).
    public var eventFields: [String] { schema.fields.map { $0.0 } }
    /// The process this application runs in (it owns the application; unowned, not weak:
    /// a weak reference would give every process a side table and slow every unowned access).
    public unowned(unsafe) var app: SpringBootApp?
    /// Policy runs that changed state, and those that found nothing to do.
    public private(set) var policiesApplied: UInt64 = 0

    public init(schema: EntitySchema) {
        self.schema = schema
        self.table = EntityTable(schema: schema)
    }

    // MARK: Hooks (overridden by the services)

    /// `@PrePersist`: runs inside the transaction, holding the connection. Calls `then`
    /// with the row to insert, or an error message that fails the request with 500.
    open func prePersist(_ row: JSON, _ context: RequestContext, _ then: @escaping (Result<JSON, HookError>) -> Void) {
        then(.success(row))
    }
    /// `@PostPersist`: Hibernate runs it after the insert, which for a sequence-generated id
    /// happens at the flush inside the commit, holding the connection. An error here fails
    /// the commit.
    open func postPersist(_ row: JSON, _ context: RequestContext, _ then: @escaping (Result<JSON, HookError>) -> Void) {
        then(.success(row))
    }
    /// Events published after an insert commits (`@PostPersist` + `publishAfterCommit`).
    open func eventsAfterInsert(_ row: JSON) -> [String] { [] }
    /// Events published after an update commits (`@PostUpdate`).
    open func eventsAfterUpdate(_ row: JSON) -> [String] { [] }
    /// The policy for a consumed event, as a change applied in one transaction; it returns
    /// the events its own save publishes. nil: this service ignores the event.
    open func policy(for event: JSON) -> (() -> [JSON])? { nil }

    // MARK: SpringApplication

    public func processDied() { table.removeAll() }

    public func handle(_ context: RequestContext) {
        let r = context.request
        let (segments, query) = r.route
        if segments.count == 2 && segments[0] == "actuator" && segments[1] == "health" {
            context.respond(json(200, .object([("status", .string("UP"))]), contentType: "application/vnd.spring-boot.actuator.v2+json;charset=UTF-8"))
            return
        }
        guard segments.count <= 2, let first = segments.first, first == schema.collection else {
            context.fail(status: 404, message: "No message available")
            return
        }
        if segments.count == 1 {
            switch r.method {
            case "GET": list(context, query: String(query))
            case "POST": create(context)
            default: context.fail(status: 405, message: "Request method '\(r.method)' not supported")
            }
            return
        }
        guard let id = Int64(segments[1]) else {
            context.fail(status: 400, message: "Failed to convert '\(segments[1])' to Long")
            return
        }
        switch r.method {
        case "GET": read(context, id)
        case "PATCH", "PUT": update(context, id, replace: r.method == "PUT")
        case "DELETE": delete(context, id)
        default: context.fail(status: 405, message: "Request method '\(r.method)' not supported")
        }
    }

    public func consume(_ record: KafkaRecord, on app: SpringBootApp, done: @escaping () -> Void) {
        guard let change = policy(for: record.value) else { done(); return }
        let n = schema.fields.count
        inTransaction(app, statements: [(1, n), (n, 0)], onTimeout: { done() }) { [unowned(unsafe) self] in
            let events = change()
            self.policiesApplied += 1
            return events
        } completion: { done() }
    }

    // MARK: The repository's operations

    /// Runs `work` in a transaction: get a Hikari connection, the SQL `statements` (each
    /// with the parameters it binds and the values it reads, for Hibernate's logging), the
    /// commit, apply `work`, release, then publish what `work` returned.
    func inTransaction(_ app: SpringBootApp, statements: [(binds: Int, extracts: Int)], trace: TraceContext? = nil,
                       onTimeout: @escaping () -> Void, work: @escaping () -> [JSON], completion: @escaping () -> Void) {
        app.getConnection(trace: trace) { ok in
            guard ok else { onTimeout(); return }
            let tx = app.tracer?.startSpan("jpa transaction", service: app.name, parent: trace)
            func run(_ i: Int) {
                if i == statements.count {
                    app.databaseOperation(span: "jdbc commit", trace: tx) {
                        let events = work()
                        app.releaseConnection()
                        for e in events { app.publish(e, trace: tx) }
                        app.tracer?.finish(tx)
                        completion()
                    }
                    return
                }
                app.sqlStatement(binds: statements[i].binds, extracts: statements[i].extracts, trace: tx) { run(i + 1) }
            }
            run(0)
        }
    }

    func connectionTimeoutMessage(_ app: SpringBootApp) -> String {
        "Could not open JPA EntityManager for transaction; nested exception is org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection (HikariPool-1 - Connection is not available, request timed out after \(app.config.hikariConnectionTimeout.nanoseconds / 1_000_000)ms.)"
    }

    private func create(_ context: RequestContext) {
        let app = context.app
        guard let body = context.request.body, case .object = body else {
            context.fail(status: 400, message: "JSON parse error: expected an object")
            return
        }
        let parsed = table.applying(body, to: table.blank(id: 0))
        guard case .success(var row) = parsed else {
            if case .failure(let e) = parsed { context.fail(status: 400, message: e.message) }
            return
        }
        // An explicit id is honoured for entities without a generated id (voucher, mypage).
        let explicitId = body["id"]?.int64Value
        let costs = app.config.costs
        let columns = schema.fields.count
        app.getConnection(trace: context.span) { [unowned(unsafe) self] ok in
            guard ok else { context.fail(message: self.connectionTimeoutMessage(app), unhandled: true); return }
            let tx = app.tracer?.startSpan("jpa transaction", service: app.name, parent: context.span)
            context.work = tx
            // em.persist: Hibernate's persist event dispatches @PrePersist.
            app.cpuWork(costs.persist) {
                self.prePersist(row, context) { result in
                    switch result {
                    case .failure(let e):
                        // The exception leaves the transactional method: JPA rolls back on the
                        // connection, which then goes back to the pool.
                        self.rollBack(app, context, tx, e.message, thrown: e.thrown)
                    case .success(let checked):
                        row = checked
                        // call next value for hibernate_sequence (read by the generator, not a type descriptor)
                        app.sqlStatement(binds: 0, extracts: 0, trace: tx) {
                            let id = explicitId ?? self.table.nextId()
                            row.set("id", .int(id))
                            // The commit flushes: the insert, then @PostPersist.
                            app.sqlStatement(binds: columns, extracts: 0, trace: tx) {
                                self.postPersist(row, context) { after in
                                    if case .failure(let e) = after {
                                        // Hibernate's RollbackException and Spring's TransactionSystemException.
                                        self.rollBack(app, context, tx, DataRestService.commitFailedMessage, thrown: e.thrown + 2)
                                        return
                                    }
                                    app.databaseOperation(span: "jdbc commit", trace: tx) {
                                        let existed = self.table.row(id) != nil
                                        self.table.save(row)
                                        app.releaseConnection()
                                        let types = existed ? self.eventsAfterUpdate(row) : self.eventsAfterInsert(row)
                                        for t in types { app.publish(self.event(t, row, app), trace: tx) }
                                        app.tracer?.finish(tx)
                                        context.work = context.span
                                        var resp = self.json(201, self.hal(row, context.request.host))
                                        resp.headers.insert(("Location", self.href(id, context.request.host)), at: 0)
                                        context.respond(resp)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Spring's message when the commit fails (`JpaTransactionManager.doCommit` wraps
    /// Hibernate's `RollbackException`).
    static let commitFailedMessage = "Could not commit JPA transaction; nested exception is javax.persistence.RollbackException: Error while committing the transaction"

    /// A failed insert: the exceptions on the way out (`thrown` Throwables), the rollback on
    /// the connection, its release, then Spring's error answer for an unhandled exception.
    private func rollBack(_ app: SpringBootApp, _ context: RequestContext, _ tx: TraceContext?, _ message: String, thrown: Int) {
        app.cpuWork(app.config.costs.exceptions(thrown)) {
            app.databaseOperation(span: "jdbc rollback", trace: tx) {
                app.releaseConnection()
                app.tracer?.finish(tx, tags: [("error", message)])
                context.work = context.span
                context.fail(message: message, unhandled: true)
            }
        }
    }

    private func read(_ context: RequestContext, _ id: Int64) {
        let app = context.app
        inTransaction(app, statements: [(1, schema.fields.count)], trace: context.span, onTimeout: { context.fail(message: self.connectionTimeoutMessage(app), unhandled: true) }, work: { [] }) { [unowned(unsafe) self] in
            if let row = self.table.row(id) {
                context.respond(self.json(200, self.hal(row, context.request.host, cache: true)))
            } else {
                context.respond(HTTPResponse(status: 404, headers: self.baseHeaders(app)))
            }
        }
    }

    private func update(_ context: RequestContext, _ id: Int64, replace: Bool) {
        let app = context.app
        guard let body = context.request.body, case .object = body else {
            context.fail(status: 400, message: "JSON parse error: expected an object")
            return
        }
        var result: HTTPResponse?
        inTransaction(app, statements: [(1, schema.fields.count), (schema.fields.count, 0)], trace: context.span, onTimeout: { context.fail(message: self.connectionTimeoutMessage(app), unhandled: true) }, work: { [unowned(unsafe) self] in
            guard let row = self.table.row(id) else {
                result = HTTPResponse(status: 404, headers: self.baseHeaders(app))
                return []
            }
            switch self.table.applying(body, to: replace ? self.table.blank(id: id) : row) {
            case .failure(let e):
                result = app.errorResponse(status: 400, message: e.message, path: context.request.path)
                return []
            case .success(let updated):
                self.table.save(updated)
                result = self.json(200, self.hal(updated, context.request.host))
                return self.eventsAfterUpdate(updated).map { self.event($0, updated, app) }
            }
        }) {
            context.respond(result ?? HTTPResponse(status: 500))
        }
    }

    private func delete(_ context: RequestContext, _ id: Int64) {
        let app = context.app
        var found = false
        inTransaction(app, statements: [(1, schema.fields.count), (1, 0)], trace: context.span, onTimeout: { context.fail(message: self.connectionTimeoutMessage(app), unhandled: true) }, work: { [unowned(unsafe) self] in
            found = self.table.row(id) != nil
            if found { self.table.remove(id) }
            return []
        }) { [unowned(unsafe) self] in
            context.respond(HTTPResponse(status: found ? 204 : 404, headers: self.baseHeaders(app)))
        }
    }

    private func list(_ context: RequestContext, query: String) {
        let app = context.app
        let request = DataRestPageRequest(query: query)
        let page = request.page, size = request.size
        // select ... limit ?: the page's rows, each column read through a type descriptor.
        let rows = max(0, min(size, table.count - page * size))
        inTransaction(app, statements: [(1, rows * schema.fields.count)], trace: context.span, onTimeout: { context.fail(message: self.connectionTimeoutMessage(app), unhandled: true) }, work: { [] }) { [unowned(unsafe) self] in
            let all = self.table.all
            let from = min(all.count, page * size), to = min(all.count, from + size)
            let host = context.request.host
            let items = all[from..<to].map { self.hal($0, host) }
            let base = "http://\(host)/\(self.schema.collection)"
            let body = JSON.object([
                ("_embedded", .object([(self.schema.collection, .array(Array(items)))])),
                ("_links", .object([
                    ("self", .object([("href", .string(base + "{?page,size,sort}")), ("templated", .bool(true))])),
                    ("profile", .object([("href", .string("http://\(host)/profile/\(self.schema.collection)"))])),
                ])),
                ("page", .object([
                    ("size", .int(Int64(size))), ("totalElements", .int(Int64(all.count))),
                    ("totalPages", .int(Int64((all.count + size - 1) / size))), ("number", .int(Int64(page))),
                ])),
            ])
            context.respond(self.json(200, body))
        }
    }

    // MARK: Representations

    public func event(_ type: String, _ row: JSON, _ app: SpringBootApp) -> JSON {
        DomainEvent.make(type, timestamp: app.eventTimestamp, from: row, fields: eventFields)
    }

    func href(_ id: Int64, _ host: String) -> String { "http://\(host)/\(schema.collection)/\(id)" }

    /// The HAL representation: the columns without the id (Spring Data REST hides it), then
    /// `_links`. Reads cache it per row and host until the row changes.
    func hal(_ row: JSON, _ host: String, cache: Bool = false) -> JSON {
        guard case .object(let members) = row, let id = row["id"]?.int64Value else { return row }
        if cache, let cached = table.cachedRepresentation(id, host) { return cached }
        var out = members.filter { $0.0 != "id" }
        let link = JSON.object([("href", .string(href(id, host)))])
        out.append(("_links", .object([("self", link), (schema.name, link)])))
        let representation = JSON.object(out)
        if cache { table.cacheRepresentation(id, host, representation) }
        return representation
    }

    func baseHeaders(_ app: SpringBootApp) -> [(String, String)] {
        [("Date", app.clock.httpDate(at: app.now))]
    }

    func json(_ status: Int, _ body: JSON, contentType: String = "application/hal+json;charset=UTF-8") -> HTTPResponse {
        var headers: [(String, String)] = [("Content-Type", contentType)]
        if let app = app { headers += baseHeaders(app) }
        headers.append(("Transfer-Encoding", "chunked"))
        // Spring Data REST's HAL mapper indents (INDENT_OUTPUT); the actuator does not.
        return HTTPResponse(status: status, headers: headers, body: body, indented: contentType.hasPrefix("application/hal+json"))
    }
}

/// An exception thrown by an entity hook; its message goes into the 500 error body.
public struct HookError: Error {
    /// The error body's `message`.
    public let message: String
    /// Throwables created on the way (each fills in its stack trace).
    public let thrown: Int
    public init(_ m: String, thrown: Int = 1) { message = m; self.thrown = thrown }
}
