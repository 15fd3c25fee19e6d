/// Arithmetic on numbers that came from the network: every count, sum, percentage, width,
/// duration and age a view computes goes through these, so `Int.max`, `Int.min`, negatives,
/// `1e300` and non-finite results clamp instead of trapping.
extension Int {
    /// `self + other`, clamped to `Int.min...Int.max`.
    package func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self - other`, clamped.
    package func saturatingSubtract(_ other: Int) -> Int {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other < 0 ? .max : .min
    }

    /// `self * other`, clamped.
    package func saturatingMultiply(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }

    /// A `Double` as an `Int`: truncated toward zero, clamped to `Int.min...Int.max`, NaN as 0.
    package static func saturating(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        // Int.max is not representable as a Double: 2^63 is the first value that does not fit.
        guard value < 9_223_372_036_854_775_808.0 else { return .max }
        guard value >= -9_223_372_036_854_775_808.0 else { return .min }
        return Int(value)
    }
}

extension Double {
    /// The value, or `fallback` when it is NaN or infinite.
    package func finite(or fallback: Double) -> Double { isFinite ? self : fallback }
}

extension Sequence {
    /// The sum of `value` over the elements, clamped to `Int.min...Int.max` at every step.
    package func saturatingSum(_ value: (Element) -> Int) -> Int {
        reduce(0) { $0.saturatingAdd(value($1)) }
    }
}
