import FoundationEssentials
import OrkValue

/// Parses `5s`, `500ms`, `1m`, `1.5s` or a bare number of seconds.
package enum DurationText {
    /// The longest interval or timeout accepted (longer ones would only overflow timers).
    package static let maximumSeconds: Double = 86400

    package static func seconds(_ text: String) throws(ControlError) -> Double {
        let value = text.trimmingSpacesAndTabs().lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = value
        var scale = 1.0
        for (suffix, factor) in units where value.hasSuffix(suffix) {
            number = String(value.dropLast(suffix.count))
            scale = factor
            break
        }
        guard let parsed = Double(number), parsed.isFinite else { throw .badDuration(text, "not a number with a unit") }
        guard parsed > 0 else { throw .badDuration(text, "it must be positive") }
        guard parsed * scale <= maximumSeconds else { throw .badDuration(text, "it must be at most 24h") }
        return parsed * scale
    }
}
