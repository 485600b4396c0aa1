import SimCore
import Formats

/// Runs one program of a service's code for one request or one consumed record: a stack of
/// frames (each a list of steps and a program counter) and the registers. `advance` runs
/// steps until one has to wait (a connection, CPU, the console, a statement, the commit, a
/// call); the wait's completion calls `advance` again. The process's CPU, console and
/// database end a wait with a component event to `StepRuns`, which holds the run in a slot
/// meanwhile (no closure), as does HikariCP's pool; the call still takes a closure.
///
/// An exception (`raise`) unwinds the frames as Java does: leaving `@PostPersist` it fails
/// the commit; leaving a transaction it rolls it back; leaving the program it is the
/// request's 500 (Tomcat's ERROR log, `/error`), or, for a record, the end of its handling.
public final class StepInterpreter {
    /// What a frame is, for the exceptions that leave it.
    enum FrameKind { case block, hook(EntityHook), transaction }

    let host: StepHost
    /// The process: not retained (the process outlives its runs), and its hot uses below
    /// go through `appRef { app in ... }`, which retains nothing either (an
    /// `unowned(unsafe)` reference is retained and released around each use).
    let appRef: Unretained<SpringBootApp>
    var app: SpringBootApp { appRef { $0 } }
    /// The request (nil for a consumed record) and the record's completion.
    let context: RequestContext?
    let done: RecordAck?
    public var registers = StepRegisters()
    private var frames = StepFrames()
    private var transaction = JpaTransaction()
    /// The exception being thrown while a rollback runs.
    private var unwinding: JavaException?
    /// What `prepare` chose.
    private var prepared = StepResponse.notFound

    /// A run for a request: its answer goes to `context`.
    public init(host: StepHost, context: RequestContext) {
        self.host = host; self.appRef = Unretained(context.app); self.context = context; self.done = nil
    }

    /// A run for a consumed record: `done` once it has committed (or failed).
    public init(host: StepHost, app: SpringBootApp, event: JSON, done: RecordAck) {
        self.host = host; self.appRef = Unretained(app); self.context = nil; self.done = done
        registers.event = event
    }

    /// Starts the program.
    public func run(_ steps: [Step]) {
        frames.push(steps, .block)
        advance()
    }

    /// The span a step nests in: the transaction's while one is open, else the request's.
    private var trace: TraceContext? { transaction.isOpen ? transaction.span : context?.span }

    // MARK: The loop

    /// Runs steps until one waits or the program ends.
    func advance() {
        while !frames.isEmpty {
            guard let step = frames.next() else { endFrame(); continue }
            guard execute(step) else { return }
        }
        done?.callAsFunction()
    }

    /// The end of a frame's steps.
    private func endFrame() {
        guard let frame = frames.pop() else { return }
        if case .transaction = frame.kind {
            transaction.closed(app)
            context?.work = context?.span
        }
    }

    private func push(_ steps: consuming [Step], _ kind: FrameKind = .block) {
        frames.push(consume steps, kind)
    }

    /// Does one step; false when the run now waits (its completion resumes it).
    private func execute(_ step: Step) -> Bool {
        switch step {
        case .transaction(let body):
            push(body, .transaction)
            appRef { app in
                guard let r = app.stepRuns.wait(self) else { return }
                transaction.begin(app, parent: context?.span)
                app.getConnection(for: app.stepRuns.id, kind: StepRuns.Kind.connected.rawValue,
                                  timeoutKind: StepRuns.Kind.connectionTimedOut.rawValue, reference: r)
            }
            return false
        case .commit:
            appRef { app in
                guard let r = app.stepRuns.wait(self) else { return }
                transaction.commit(app, for: app.stepRuns.id, kind: StepRuns.Kind.resume.rawValue, reference: r)
            }
            return false
        case .cpu(let cost):
            appRef { app in
                guard let r = app.stepRuns.wait(self) else { return }
                switch cost {
                case .persist: app.cpuWork(app.config.costs.persist, for: app.stepRuns.id, kind: StepRuns.Kind.resume.rawValue, reference: r)
                }
            }
            return false
        case .print(let count):
            appRef { app in
                guard let r = app.stepRuns.wait(self) else { return }
                app.consoleWrites(count, for: app.stepRuns.id, kind: StepRuns.Kind.resume.rawValue, reference: r)
            }
            return false
        case .sleep(let d):
            appRef { app in
                guard let r = app.stepRuns.wait(self) else { return }
                app.sleep(d, for: app.stepRuns.id, kind: StepRuns.Kind.resume.rawValue, reference: r)
            }
            return false
        case .sql(let binds, let extracts):
            statement(binds: size(binds), extracts: size(extracts), then: .resume)
            return false
        case .nextval:
            statement(binds: 0, extracts: 0, then: .nextval)
            return false
        case .insert:
            statement(binds: host.columns, extracts: 0, then: .resume)
            return false
        case .hook(let hook):
            push(host.steps(for: hook), .hook(hook))
        case .call(let call):
            self.call(call)
            return false
        case .choose(let choice):
            push(choice.steps(configured: app.property(canonical: choice.canonicalProperty)))
        case .when(let condition, let then, let otherwise):
            push(registers.holds(condition) ? then : otherwise)
        case .check(let condition, let exception):
            guard registers.holds(condition) else { raise(exception); return false }
        case .raise(let exception):
            raise(exception)
            return false
        case .rethrowCallError(let thrown):
            raise(JavaException(message: registers.callError, thrown: thrown))
            return false
        case .answer(let value):
            registers.answer = value
        case .set(let field, let value):
            let v = registers.value(value)
            registers.row.set(field, v)
        case .copy(let fields, let from):
            let source = registers.source(from)
            for f in fields { registers.row.set(f, source[f] ?? .null) }
        case .newRow(let id):
            switch id {
            case .sequence: registers.row = host.blankRow(id: host.nextId())
            case .value(let v): registers.row = host.blankRow(id: registers.value(v).int64Value ?? 0)
            }
        case .find(let lookup):
            find(lookup)
        case .applyBody:
            let base = registers.replace ? host.blankRow(id: registers.pathId) : registers.row
            switch host.applying(registers.body ?? .null, to: base) {
            case .success(let r): registers.row = r; registers.bodyError = nil
            case .failure(let e): registers.bodyError = e.message
            }
        case .save:
            registers.existed = host.save(registers.row)
        case .remove:
            if let id = registers.row["id"]?.int64Value { host.remove(id) }
        case .publish(let selection):
            publish(selection)
        case .publishNow(let types):
            for t in types { app.publish(host.event(t, registers.row, app), trace: trace) }
        case .prepare(let response):
            prepared = response
        case .respond(let response):
            guard let context = context else { break }
            context.respond(host.response(response == .prepared ? prepared : response, registers, context))
        }
        return true
    }

    /// One statement on the transaction's connection; `then` when it (and its logging) ends.
    private func statement(binds: Int, extracts: Int, then: StepRuns.Kind) {
        appRef { app in
            guard let r = app.stepRuns.wait(self) else { return }
            app.sqlStatement(binds: binds, extracts: extracts, trace: transaction.span,
                             for: app.stepRuns.id, kind: then.rawValue, reference: r)
        }
    }

    /// A wait through `StepRuns` ended.
    func resume(_ kind: StepRuns.Kind) {
        switch kind {
        case .resume: break
        case .nextval:
            let id = registers.explicitId ?? host.nextId()
            registers.row.set("id", .int(id))
        case .connected: connected(true); return
        case .connectionTimedOut: connected(false); return
        }
        advance()
    }

    private func size(_ s: StatementSize) -> Int {
        switch s {
        case .fixed(let n): return n
        case .columns: return host.columns
        case .pageColumns: return registers.pageRows * host.columns
        }
    }

    private func find(_ lookup: RowLookup) {
        var row: JSON?
        switch lookup {
        case .byId(let v): row = registers.value(v).int64Value.flatMap { host.row($0) }
        case .first(let field, let v): row = registers.value(v).int64Value.flatMap { host.firstRow(where: field, is: $0) }
        }
        registers.found = row != nil
        if let r = row { registers.row = r }
    }

    private func publish(_ selection: EventSelection) {
        let types: [String]
        switch selection {
        case .lifecycle: types = host.lifecycleEvents(existed: registers.existed)
        case .types(let t): types = t
        }
        for t in types {
            let event = host.event(t, registers.row, app)
            if transaction.isOpen { transaction.publishAfterCommit(event) } else { app.publish(event, trace: trace) }
        }
    }

    // MARK: Waits that decide

    /// The connection came, or Hikari's timeout did (then the transaction never began).
    private func connected(_ ok: Bool) {
        guard ok else {
            transaction.notOpened(app)
            _ = frames.pop()
            raise(JpaTransaction.connectionTimeout(app))
            return
        }
        transaction.opened(app, parent: context?.span)
        context?.work = transaction.span
        advance()
    }

    /// The Feign call: the configured URL's host, the path, the client; its outcome's steps.
    private func call(_ c: FeignCallStep) {
        let host = self.host.feignHost(app.config.property(canonical: c.canonicalURLProperty) ?? c.defaultURL)
        var path = ""
        for part in c.path { path += registers.text(part) }
        let body: JSON? = c.body.isEmpty ? nil : .object(c.body.map { ($0.0, registers.value($0.1)) })
        let request = HTTPRequest(method: c.method, host: host, path: path, body: body, contentType: body == nil ? nil : "application/json")
        app.feignClient(c.client).call(configKey: c.configKey, host: host, request, hasFallback: c.hasFallback, trace: trace) { [self] result in
            self.called(result)
        }
    }

    private func called(_ result: HystrixResult<HTTPResponse>) {
        // The call step is the one before the top frame's counter (nothing ran since).
        guard case .call(let c)? = frames.current else { return }
        switch result {
        case .success(let r):
            registers.answer = r.body ?? .null
            push(c.onSuccess)
        case .fallback:
            registers.answer = .null
            push(c.onFallback)
        case .error(_, let message):
            registers.callError = message
            push(c.onError)
        }
        advance()
    }

    // MARK: Exceptions

    /// Throws: unwinds to the innermost transaction (which rolls back, then the exception
    /// goes on) or out of the program.
    private func raise(_ thrown: JavaException) {
        var exception = thrown
        while let frame = frames.pop() {
            switch frame.kind {
            case .block, .hook(.prePersist): continue
            case .hook(.postPersist): exception = JpaTransaction.commitFailed(exception)
            case .transaction:
                unwinding = exception
                transaction.rollBack(app, exception) { [self] in self.rolledBack() }
                return
            }
        }
        // Out of the program: the request's error answer, or the record's end.
        if let context = context { context.fail(message: exception.message, unhandled: true) } else { done?.callAsFunction() }
    }

    private func rolledBack() {
        guard let exception = unwinding else { return }
        unwinding = nil
        transaction.rolledBack(app, exception)
        context?.work = context?.span
        raise(exception)
    }
}
