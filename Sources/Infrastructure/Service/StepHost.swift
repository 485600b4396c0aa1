import Formats

/// The application a `StepInterpreter` runs a program for: its code, its entity's table
/// (the in-memory database), and its REST representations. Everything a step does to the
/// process itself goes through `SpringBootApp`'s API.
public protocol StepHost: AnyObject {
    /// The program of the entity's lifecycle callback (`ServiceProgram.program(_:)`).
    func steps(for hook: EntityHook) -> [Step]
    /// The events a save publishes (`ServiceProgram.lifecycleEvents(existed:)`).
    func lifecycleEvents(existed: Bool) -> [String]
    /// The entity's columns (the id included).
    var columns: Int { get }

    func row(_ id: Int64) -> JSON?
    /// The first row, in id order, whose `field` as a Long is `value`.
    func firstRow(where field: String, is value: Int64) -> JSON?
    /// A row with every column null but the id.
    func blankRow(id: Int64) -> JSON
    /// `hibernate_sequence`'s next value.
    func nextId() -> Int64
    /// Inserts or replaces the row; returns whether its id existed.
    func save(_ row: JSON) -> Bool
    func remove(_ id: Int64)
    /// The row with the body's known fields converted and applied, or the conversion's error.
    func applying(_ body: JSON, to row: JSON) -> Result<JSON, StepHostError>
    /// A domain event of the row (`eventType`, `timestamp`, the columns).
    func event(_ type: String, _ row: JSON, _ app: SpringBootApp) -> JSON
    /// The host a Feign client connects to for a configured URL (may be cached).
    func feignHost(_ url: String) -> String
    /// The HTTP answer for a response of the program, from the run's registers.
    func response(_ kind: StepResponse, _ registers: StepRegisters, _ context: RequestContext) -> HTTPResponse
}

/// A request's value the host could not convert (Jackson's message).
public struct StepHostError: Error {
    public let message: String
    public init(_ message: String) { self.message = message }
}
