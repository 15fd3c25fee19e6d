/// The lines above the Control Center's table, one per kubeconfig context: whether its API server
/// answers, its version, how many runtimes and gateway replicas discovery found, and, when it
/// found less than it should, why (a right that is missing, nothing labelled, a credential plugin
/// that failed).
enum ClusterLines {
    /// Contexts shown; the rest are counted on one more line.
    static let maximumShown = 8

    static func lines(_ context: ViewContext) -> [Line] {
        let clusters = context.state.clusters
        let glyphs = context.glyphs
        var lines: [Line] = []
        for cluster in clusters.prefix(maximumShown) {
            var line: Line = [Badge.health(cluster.health.state).span(glyphs), Span(" context ", .dim), Span(cluster.context, .accent),
                              Span(" " + cluster.server, .dim)]
            switch cluster.health.state {
            case .down:
                line.append(Span(" "))
                line += context.downLine(cluster.health)
            case .unknown:
                line.append(Span(" " + glyphs.dot + " discovering", .dim))
            default:
                if let version = cluster.version { line.append(Span(" " + version)) }
                line.append(Span(" " + glyphs.dot + " " + count(cluster.runtimes, "runtime") + " " + glyphs.dot + " "
                                 + count(cluster.gateways, "gateway replica")))
                for problem in cluster.problems { line.append(Span(" " + glyphs.arrow + " " + problem, .warn)) }
            }
            lines.append(line)
        }
        if clusters.count > maximumShown {
            lines.append([Span("  … \(clusters.count - maximumShown) more contexts (--context narrows)", .dim)])
        }
        return lines
    }

    static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)" + (value == 1 ? "" : "s")
    }
}
