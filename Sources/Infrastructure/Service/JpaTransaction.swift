import SimCore
import Formats

/// A JPA transaction as Spring's `JpaTransactionManager` runs one over HikariCP: it begins
/// by taking a connection (waiting up to `connectionTimeout`), holds it while the code runs,
/// and ends with the commit, the connection's release and the events published after
/// commit; or, when an exception leaves the code, with the exceptions' CPU, the rollback on
/// the connection and its release. Every path that touches the database (the REST
/// endpoints, the Kafka handlers) runs in one.
///
/// The waits are the caller's (`StepInterpreter` resumes after each); this type does what
/// happens at each point, in the order Spring does it.
public struct JpaTransaction {
    /// The transaction's span when the request is traced.
    public private(set) var span: TraceContext?
    /// Between `opened` and `closed`/`rolledBack`: the connection is held.
    public private(set) var isOpen = false
    /// The wait for the connection's span, between `begin` and `opened`/`notOpened`.
    private var waitSpan: TraceContext?
    /// Events `publishAfterCommit` queued, sent after the release: the first inline (a
    /// transaction rarely publishes more than one), the others in order after it.
    private var firstEvent: JSON?
    private var moreEvents: [JSON] = []

    public init() {}

    /// Spring's message when the commit fails (`JpaTransactionManager.doCommit` wraps
    /// Hibernate's `RollbackException`).
    public static let commitFailedMessage = "Could not commit JPA transaction; nested exception is javax.persistence.RollbackException: Error while committing the transaction"

    /// An exception that left a callback run at the flush inside the commit: Hibernate's
    /// RollbackException and Spring's TransactionSystemException are created on the way.
    public static func commitFailed(_ cause: JavaException) -> JavaException {
        JavaException(message: commitFailedMessage, thrown: cause.thrown + 2)
    }

    /// No connection within Hikari's `connectionTimeout`: Spring's
    /// CannotCreateTransactionException (no Throwables of the code's own).
    public static func connectionTimeout(_ app: SpringBootApp) -> JavaException {
        JavaException(message: "Could not open JPA EntityManager for transaction; nested exception is org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection (HikariPool-1 - Connection is not available, request timed out after \(app.config.hikariConnectionTimeout.nanoseconds / 1_000_000)ms.)", thrown: 0)
    }

    /// Begins: the wait for a Hikari connection starts (its span). The caller then asks the
    /// pool (`SpringBootApp.getConnection`), whose answer is `opened` or `notOpened`; the
    /// ask is not made here, since a free connection answers inside it, and the answer
    /// changes this value.
    public mutating func begin(_ app: SpringBootApp, parent: TraceContext?) {
        waitSpan = app.connectionWaitSpan(trace: parent)
    }

    /// The connection is held: the transaction's span starts.
    public mutating func opened(_ app: SpringBootApp, parent: TraceContext?) {
        app.connectionBorrowed(waitSpan, ok: true)
        waitSpan = nil
        span = app.tracer?.startSpan("jpa transaction", service: app.name, parent: parent)
        isOpen = true
    }

    /// Hikari's time-out came first: the transaction never began.
    public mutating func notOpened(_ app: SpringBootApp) {
        app.connectionBorrowed(waitSpan, ok: false)
        waitSpan = nil
    }

    /// `jdbc commit` on the connection.
    public func commit(_ app: SpringBootApp, _ then: @escaping () -> Void) {
        app.databaseOperation(span: "jdbc commit", trace: span, then)
    }

    /// `jdbc commit`, ending with event `kind` with `reference` to `target` (no closure).
    public func commit(_ app: SpringBootApp, for target: ComponentID, kind: UInt8, reference: UInt32) {
        app.databaseOperation(span: "jdbc commit", trace: span, for: target, kind: kind, reference: reference)
    }

    /// `publishAfterCommit`: the event leaves when the transaction ends.
    public mutating func publishAfterCommit(_ event: consuming JSON) {
        if firstEvent == nil { firstEvent = consume event } else { moreEvents.append(consume event) }
    }

    /// After the commit: the connection goes back to the pool, then the events go to the
    /// producer, then the span ends.
    public mutating func closed(_ app: SpringBootApp) {
        app.releaseConnection()
        if let e = firstEvent { app.publish(e, trace: span) }
        for e in moreEvents { app.publish(e, trace: span) }
        app.tracer?.finish(span)
        reset()
    }

    /// The rollback on the connection, after `exception`'s Throwables took their CPU.
    public func rollBack(_ app: SpringBootApp, _ exception: JavaException, _ then: @escaping () -> Void) {
        let span = self.span
        app.cpuWork(app.config.costs.exceptions(exception.thrown)) { [unowned(unsafe) app] in
            app.databaseOperation(span: "jdbc rollback", trace: span, then)
        }
    }

    /// After the rollback: the connection goes back to the pool; nothing is published.
    public mutating func rolledBack(_ app: SpringBootApp, _ exception: JavaException) {
        app.releaseConnection()
        app.tracer?.finish(span, tags: [("error", exception.message)])
        reset()
    }

    private mutating func reset() {
        isOpen = false
        span = nil
        firstEvent = nil
        if !moreEvents.isEmpty { moreEvents.removeAll() }
    }
}
