import Formats

/// Where `compare.svg` puts each row along its x axis, as a share of the axis (0…1): in
/// proportion to the values when every row holds one value and all of them are numbers of
/// one kind (durations such as 610ms or 1s, plain numbers, percentages); else evenly, in the
/// order given (several parameters, or values that are not numbers).
struct CompareAxis: Equatable {
    enum Kind: Equatable { case duration, number, percentage }

    /// The kind of every value, nil when the axis spaces them evenly.
    let kind: Kind?
    /// Each row's place along the axis, 0 (left) to 1 (right).
    let positions: [Double]

    init(_ values: [[String]]) {
        let n = values.count
        let parsed = values.map { v -> (Kind, Double)? in v.count == 1 ? CompareAxis.number(v[0]) : nil }
        let numbers = parsed.compactMap { $0 }
        if n >= 2, numbers.count == n, let k = numbers.first?.0, numbers.allSatisfy({ $0.0 == k }) {
            let xs = numbers.map { $0.1 }
            let lo = xs.min() ?? 0, hi = xs.max() ?? 0
            kind = k
            // Halves first, so that the span of two finite values is finite (1e308 and -1e308).
            let span = hi / 2 - lo / 2
            positions = xs.map { span > 0 ? ($0 / 2 - lo / 2) / span : 0.5 }
        } else {
            kind = nil
            positions = (0..<n).map { n == 1 ? 0.5 : Double($0) / Double(n - 1) }
        }
    }

    /// A value as a number on its own scale: a duration in nanoseconds (the scenario
    /// language's syntax), a percentage in percent, or a plain finite number.
    static func number(_ text: String) -> (Kind, Double)? {
        if let d = try? ValueSyntax.duration(text) { return (.duration, Double(d.nanoseconds)) }
        if text.hasSuffix("%"), let v = Double(text.dropLast()), v.isFinite { return (.percentage, v) }
        if let v = Double(text), v.isFinite { return (.number, v) }
        return nil
    }
}
