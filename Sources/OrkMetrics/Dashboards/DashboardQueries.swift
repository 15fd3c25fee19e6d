/// The metric names a dashboard's queries read, and whether an exposition has them.
public enum DashboardQueries {
    /// Every `orkestra_…` name in `panels` (and `extra` expressions), in order of appearance.
    public static func metricNames(_ panels: [DashboardPanel], extra: [String] = []) -> [String] {
        let expressions = panels.flatMap { $0.queries.map(\.expr) } + extra
        var names: [String] = []
        for expression in expressions {
            var current = ""
            for character in expression + " " {
                if character.isLetter || character.isNumber || character == "_" || character == ":" {
                    current.append(character)
                } else {
                    if current.hasPrefix("orkestra_") { names.append(current) }
                    current = ""
                }
            }
        }
        return names
    }

    /// Names `exposition` does not export: a histogram's `_bucket`, `_sum` and `_count` count as its family.
    public static func missing(_ names: [String], in exposition: String) -> [String] {
        var families: [String: String] = [:]
        for line in exposition.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            if parts.count == 4 { families[String(parts[2])] = String(parts[3]) }
        }
        return names.filter { name in
            if families[name] != nil { return false }
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                if families[String(name.dropLast(suffix.count))] == "histogram" { return false }
            }
            return true
        }
    }
}
