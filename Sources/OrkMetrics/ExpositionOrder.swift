/// Puts swift-prometheus's exposition in a stable order: families by name, and within a family its
/// series by their label text (a histogram's bucket, sum and count lines stay together, in order).
///
/// The registry emits from dictionaries, so its order changes from process to process; a person
/// comparing two scrapes, a golden file and `diff` all need the same text for the same state.
/// Every line of the exposition is a whole line (label values and help texts carry no raw newline).
enum ExpositionOrder {
    private struct Family {
        var name: String
        var header: [Substring] = []
        var isHistogram = false
        var series: [[Substring]] = []
    }

    static func sorted(_ text: String) -> String {
        var families: [Family] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# ") {
                let parts = line.split(separator: " ", maxSplits: 3)
                guard parts.count >= 3 else { continue }
                let name = String(parts[2])
                if families.last?.name != name { families.append(Family(name: name)) }
                families[families.count - 1].header.append(line)
                if parts[1] == "TYPE", parts.count == 4, parts[3] == "histogram" { families[families.count - 1].isHistogram = true }
                continue
            }
            guard var family = families.popLast() else { continue }
            // A histogram series ends with its `_count` line; every other sample is a series of its own.
            if family.isHistogram, let open = family.series.last, let last = open.last,
               !last.hasPrefix(family.name + "_count") {
                family.series[family.series.count - 1].append(line)
            } else {
                family.series.append([line])
            }
            families.append(family)
        }
        var out = ""
        for family in families.sorted(by: { $0.name < $1.name }) {
            for line in family.header { out += line + "\n" }
            for series in family.series.sorted(by: { ($0.first ?? "") < ($1.first ?? "") }) {
                for line in series { out += line + "\n" }
            }
        }
        return out
    }
}
