import Formats

/// A code variant: the application's code as it ran in one version or another, chosen by a
/// configuration property (`order.null-stock=fail`). The property is read when the
/// step runs.
public struct StepChoice {
    /// The property as written, and its relaxed-binding form (looked up on every run).
    public let property: String
    public let canonicalProperty: String
    /// The value when the property is unset.
    public let defaultValue: String
    /// The variants, by value (lowercase).
    public let alternatives: [Alternative]
    /// A switch between `true` and `false` reads the property as Spring reads a boolean
    /// (`yes`, `on`, `1` are true).
    public let isFlag: Bool

    /// One variant: the steps run when the property has `value`.
    public struct Alternative {
        public let value: String
        public let steps: [Step]
        public init(_ value: String, _ steps: [Step]) { self.value = value.lowercased(); self.steps = steps }
    }

    public init(property: String, default defaultValue: String, _ alternatives: [Alternative]) {
        self.property = property
        canonicalProperty = SpringBootConfig.canonical(property)
        self.defaultValue = defaultValue.lowercased()
        self.alternatives = alternatives
        isFlag = Set(alternatives.map { $0.value }) == ["true", "false"]
    }

    /// The steps for the configuration: the alternative its value names, else the default's
    /// (none: no steps).
    public func steps(in config: SpringBootConfig) -> [Step] {
        steps(configured: config.property(canonical: canonicalProperty))
    }

    /// The steps for the property's value (nil: unset). The interpreter reads the value from
    /// its process, so that the whole configuration is not copied to be read.
    func steps(configured: String?) -> [Step] {
        var value = defaultValue
        if let v = configured {
            if isFlag { value = ValueSyntax.bool(v).map { $0 ? "true" : "false" } ?? defaultValue } else { value = v.lowercased() }
        }
        for a in alternatives where a.value == value { return a.steps }
        for a in alternatives where a.value == defaultValue { return a.steps }
        return []
    }
}
