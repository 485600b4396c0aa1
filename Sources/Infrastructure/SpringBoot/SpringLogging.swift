import Formats
/// What a Spring Boot 2.1 process writes to its console per database statement, from its
/// configuration: Hibernate 5.3's `SqlStatementLogger` and type descriptors, and Logback's
/// levels as `logging.level.*` sets them. Each line is a write to standard output
/// (`JavaStackCosts.consoleWrite`).
public struct SpringLogging: Sendable, Equatable {
    /// `spring.jpa.show-sql` or `spring.jpa.properties.hibernate.show_sql`: one
    /// `System.out.println("Hibernate: " + statement)` per statement (`SqlStatementLogger.logStatement`).
    public var showSQL = false
    // `spring.jpa.properties.hibernate.format_sql` pretty-prints the statement
    // (`BasicFormatterImpl`) over several lines, still one `println`; the console cost is
    // per write, so it changes the text only and is not kept here.
    /// `org.hibernate.SQL` at DEBUG: one more Logback event per statement.
    public var sqlDebug = false
    /// `org.hibernate.type.descriptor.sql.BasicBinder` at TRACE: one event per bound
    /// parameter ("binding parameter [1] as [BIGINT] - [1]").
    public var binderTrace = false
    /// `org.hibernate.type.descriptor.sql.BasicExtractor` at TRACE: one event per value
    /// read from a result set ("extracted value ([col] : [VARCHAR]) - [Jeju]").
    public var extractorTrace = false

    public init() {}

    /// Console writes for one statement binding `binds` parameters and reading `extracts` values.
    public func writes(binds: Int, extracts: Int) -> Int {
        (showSQL ? 1 : 0) + (sqlDebug ? 1 : 0) + (binderTrace ? binds : 0) + (extractorTrace ? extracts : 0)
    }

    /// Recomputed from the properties (canonical keys, relaxed binding).
    static func from(_ property: (String) -> String?) -> SpringLogging {
        var l = SpringLogging()
        func bool(_ key: String) -> Bool { property(key).flatMap { ValueSyntax.bool($0) } ?? false }
        l.showSQL = bool("springjpashowsql") || bool("springjpapropertieshibernateshowsql")
        l.sqlDebug = level(of: "org.hibernate.SQL", property) <= .debug
        l.binderTrace = level(of: "org.hibernate.type.descriptor.sql.BasicBinder", property) <= .trace
        l.extractorTrace = level(of: "org.hibernate.type.descriptor.sql.BasicExtractor", property) <= .trace
        return l
    }

    /// Logback's levels, lowest first.
    enum Level: Int, Comparable {
        case trace, debug, info, warn, error, off
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        init?(_ text: String) {
            switch text.lowercased() {
            case "trace": self = .trace
            case "debug": self = .debug
            case "info": self = .info
            case "warn": self = .warn
            case "error": self = .error
            case "off", "false": self = .off
            default: return nil
            }
        }
    }

    /// A logger's effective level: the most specific `logging.level.PREFIX` set, then
    /// `logging.level.root`, then Spring Boot's INFO.
    static func level(of logger: String, _ property: (String) -> String?) -> Level {
        var parts = logger.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            let key = "logginglevel" + parts.joined().lowercased()
            if let v = property(key), let l = Level(v) { return l }
            parts.removeLast()
        }
        if let v = property("logginglevelroot"), let l = Level(v) { return l }
        return .info
    }
}
