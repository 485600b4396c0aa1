/// A system's cross-service invariants (`invariants:` in system.yml): for each row of one
/// service (`each`), by the value of its status field, what the other services' rows must
/// say after a settle. `ConsistencyChecker` checks them.
public struct Invariants: Sendable {
    /// The service whose rows the rules start from, and its status field.
    public let each: String
    public let status: String
    /// The rules for each status value, in the file's order.
    public let cases: [(status: String, rules: [Rule])]

    /// One rule: the related row of `service`, found by `lookup`; `required` says its
    /// absence is a violation; `field` and `expected` say what it must hold.
    public struct Rule: Sendable {
        public enum Lookup: Sendable {
            /// The row whose id is the subject's `field` (`stock` by `stockId`).
            case id(String)
            /// The first row, in id order, whose `field` is the subject's id (`delivery` by `orderId`).
            case where_(String)
        }
        public let service: String
        public let lookup: Lookup
        /// Only for the subject row with the highest id among those with the same lookup value.
        public let latest: Bool
        public let required: Bool
        public let field: String?
        public let expected: String?

        public init(service: String, lookup: Lookup, latest: Bool, required: Bool, field: String?, expected: String?) {
            self.service = service; self.lookup = lookup; self.latest = latest; self.required = required
            self.field = field; self.expected = expected
        }
    }

    public init(each: String, status: String, cases: [(status: String, rules: [Rule])]) {
        self.each = each; self.status = status; self.cases = cases
    }

    /// Every service a rule reads.
    public var services: [String] {
        var out = [each]
        for c in cases { for r in c.rules where !out.contains(r.service) { out.append(r.service) } }
        return out
    }
}
