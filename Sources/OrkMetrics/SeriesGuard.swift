import OrkStats
import Synchronization

/// Keeps every series handed to swift-prometheus within what its registry accepts without trapping,
/// and within a memory bound.
///
/// swift-prometheus stops the process (`fatalError`, `precondition`) when one name is registered as
/// two metric types, with and without labels, or with a repeated label name. Our own families never
/// do that, but the process backend also receives whatever a library records, so the factory asks
/// here first: a series that would trap, a family beyond ``maxFamilies`` or a series beyond
/// ``maxSeriesPerFamily`` (label values that come from requests could otherwise grow without end)
/// is refused: the factory hands out a no-op handler instead and counts it in
/// `orkestra_metrics_series_refused_total`.
final class SeriesGuard: Sendable {
    enum Kind: Sendable, Hashable {
        case counter, gauge, durationHistogram, valueHistogram
    }

    /// What a family was first registered with; later series must match it.
    private struct Family {
        var kind: Kind
        var labelNames: [String]
        var series: Set<[String]>
    }


    let maxFamilies: Int
    let maxSeriesPerFamily: Int
    private let families = Mutex<[String: Family]>([:])

    init(maxFamilies: Int = 512, maxSeriesPerFamily: Int = 4_096) {
        self.maxFamilies = maxFamilies
        self.maxSeriesPerFamily = maxSeriesPerFamily
    }

    /// Whether a series of `kind` named `name` (already a valid Prometheus name) with `labels` (valid
    /// label names) may be registered; records it when it may.
    func admit(_ name: String, _ kind: Kind, labels: [(String, String)]) -> Bool {
        let names = labels.map(\.0)
        let values = labels.map(\.1)
        // A repeated name traps swift-prometheus; `le` and `quantile` clash with the histogram's own
        // label, and `__` names are Prometheus's: either makes the whole scrape fail.
        guard Set(names).count == names.count,
              !names.contains(where: { $0 == "le" || $0 == "quantile" || $0.hasPrefix("__") }) else { return false }
        return families.withLock { families in
            guard var family = families[name] else {
                guard families.count < maxFamilies else { return false }
                families[name] = Family(kind: kind, labelNames: names, series: [values])
                return true
            }
            guard family.kind == kind, family.labelNames == names else { return false }
            if family.series.contains(values) { return true }
            guard family.series.count < maxSeriesPerFamily else { return false }
            family.series.insert(values)
            families[name] = family
            return true
        }
    }
}

/// Prometheus names: a metric name is `[a-zA-Z_:][a-zA-Z0-9_:]*`, a label name `[a-zA-Z_][a-zA-Z0-9_]*`.
/// Other characters become `_` (as swift-prometheus would do, but before the guard sees the name),
/// an empty name becomes `unnamed`.
enum PrometheusName {
    static func metric(_ label: String) -> String { sanitize(label, allowColon: true) }

    static func label(_ label: String) -> String { sanitize(label, allowColon: false) }

    private static func sanitize(_ text: String, allowColon: Bool) -> String {
        guard !text.isEmpty else { return "unnamed" }
        var out = ""
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "A"..."Z", "a"..."z", "_": out.unicodeScalars.append(scalar)
            case ":" where allowColon: out.unicodeScalars.append(scalar)
            case "0"..."9" where offset > 0: out.unicodeScalars.append(scalar)
            default: out += "_"
            }
        }
        return out
    }
}
