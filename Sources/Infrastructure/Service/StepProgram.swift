import SimCore
import Formats

/// One step of a service's code, as data: what a Spring Boot / JPA / Feign / Kafka
/// application of the MSAEz template does, one statement at a time. A program is a list of
/// steps (`[Step]`); sub-programs (a hook, a call's outcomes, a code variant) are lists too.
/// `StepInterpreter` runs them. Every case holds plain values (strings, numbers, nested
/// steps), never a closure, so that a program can be read from a file.
///
/// Steps that take time (a connection, CPU, the console, a statement, the commit, a call)
/// wait on the process's resources; the others (checks, field updates, saves) take none.
public indirect enum Step {
    /// `@Transactional`: the body runs in one `JpaTransaction` (a Hikari connection; its
    /// span). An exception leaving the body rolls it back; the end of the body releases the
    /// connection and publishes the events `publish` queued (`publishAfterCommit`).
    case transaction([Step])
    /// `jdbc commit`. The steps after it in a transaction's body run at the commit's instant:
    /// the model applies the rows' changes (and reads the rows they depend on) there.
    case commit
    /// CPU time on one of the process's cores, a named cost of the Java stack.
    case cpu(JavaStackCost)
    /// Writes to standard output (`System.out.println`), each holding the console's lock.
    case print(Int)
    /// `Thread.sleep`: the thread waits, holding what it holds (a connection inside a
    /// transaction); the time is drawn per execution (a test delay: `uniform(400ms, 620ms)`).
    case sleep(Distribution)
    /// One SQL statement with the parameters it binds and the values it reads (Hibernate's
    /// logging writes one line per bind and per extract when its level says so).
    case sql(binds: StatementSize, extracts: StatementSize)
    /// `call next value for hibernate_sequence`, then the row's id: the request's explicit
    /// id if it gave one, else the sequence's next value.
    case nextval
    /// The row's `insert` (one bind per column).
    case insert
    /// The entity's JPA lifecycle callback (`@PrePersist`, `@PostPersist`): its program.
    /// An exception leaving `@PostPersist` fails the commit (`JpaTransaction.commitFailed`).
    case hook(EntityHook)
    /// A call through a Feign client (Hystrix or Resilience4j around it), then the steps of
    /// its outcome.
    case call(FeignCallStep)
    /// A code variant: the alternative a configuration property names.
    case choose(StepChoice)
    /// `if`: `then` when the condition holds, else `otherwise`.
    case when(StepCondition, then: [Step], otherwise: [Step])
    /// Throws `exception` unless the condition holds.
    case check(StepCondition, orThrow: JavaException)
    /// Throws `exception`.
    case raise(JavaException)
    /// Throws the last call's exception (Hystrix's `HystrixRuntimeException`) with its
    /// message, `thrown` Throwables created on the way.
    case rethrowCallError(thrown: Int)
    /// Sets the last call's answer (a fallback's value, read by the steps after it as `.answer`).
    case answer(JSON)
    /// Sets a column of the row.
    case set(String, StepValue)
    /// Copies columns into the row from the last call's answer or the consumed event
    /// (null when missing).
    case copy([String], from: StepSource)
    /// A new row, every column null but the id (`new Entity()` with its id set).
    case newRow(id: NewRowId)
    /// `findById` / the first row matching: the row, and whether one was found.
    case find(RowLookup)
    /// Applies the request's body to the row (Spring Data REST's PATCH, or PUT over a blank
    /// row); a value that does not convert leaves the row and records the error.
    case applyBody
    /// `repository.save(row)`: an insert, or a merge when the id exists.
    case save
    /// `repository.deleteById(row's id)`.
    case remove
    /// Publishes events of the row after commit (inside a transaction) or at once.
    case publish(EventSelection)
    /// Publishes events of the row at once, inside a transaction too (the template's
    /// `publish()`, as against `publishAfterCommit()`).
    case publishNow([String])
    /// Chooses the response now (it shows the state now); `respond(.prepared)` sends it.
    case prepare(StepResponse)
    /// Sends the response (the request's one answer).
    case respond(StepResponse)
}

/// A named CPU cost of the Java stack (`JavaStackCosts`, `resortsim.cost.NAME`).
public enum JavaStackCost: String, Sendable {
    /// Hibernate's persist event and its callback dispatch.
    case persist
}

/// The size of a statement's binds or extracts.
public enum StatementSize: Sendable, Equatable {
    case fixed(Int)
    /// One per column of the entity.
    case columns
    /// One per column of each row of the requested page (a collection's GET).
    case pageColumns
}

/// A JPA entity lifecycle callback.
public enum EntityHook: String, Sendable {
    case prePersist = "PrePersist"
    case postPersist = "PostPersist"
}

/// Which row `find` looks up.
public enum RowLookup {
    /// By primary key.
    case byId(StepValue)
    /// The first row, in id order, whose `field` (a Long) equals the value.
    case first(field: String, equals: StepValue)
}

/// The id of a `newRow`.
public enum NewRowId {
    /// `hibernate_sequence`'s next value.
    case sequence
    /// A value (a Long).
    case value(StepValue)
}

/// The events `publish` sends for the row.
public enum EventSelection: Equatable {
    /// The entity's lifecycle events: `@PostUpdate`'s when the last `save` merged an existing
    /// row, else `@PostPersist`'s.
    case lifecycle
    /// These types, in order.
    case types([String])
}

/// The answers of a Spring Data REST repository's endpoints.
public enum StepResponse: Sendable {
    /// 201 with the row's HAL and its `Location`.
    case created
    /// 200 with the row's HAL (the cached representation of a GET).
    case entity
    /// 200 with the row's HAL after a change.
    case updated
    /// 404 without a body.
    case notFound
    /// 204.
    case noContent
    /// 400: Spring's error body with the body's conversion error.
    case badRequest
    /// 200 with the requested page of the collection.
    case page
    /// What `prepare` chose.
    case prepared
}

/// An exception the code throws: the message of Spring's error body, and the Throwables
/// created on the way (each fills in its stack trace: `JavaStackCosts.exceptions`).
public struct JavaException: Equatable, Sendable {
    public let message: String
    public let thrown: Int
    public init(message: String, thrown: Int) { self.message = message; self.thrown = thrown }

    /// A checked `new Exception(message)` thrown by an entity callback: the exception,
    /// reflection's InvocationTargetException and Hibernate's `RuntimeException(cause)`
    /// wrapper (`EntityCallback.performCallback`), whose message is `cause.toString()`.
    public static func checkedInCallback(_ message: String) -> JavaException {
        JavaException(message: "java.lang.Exception: " + message, thrown: 3)
    }
}
