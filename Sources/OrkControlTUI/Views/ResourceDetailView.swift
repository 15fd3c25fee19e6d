import OrkAPI
import OrkValue

/// One CR: readiness, generations, status fields, conditions, the child-resource tree (kind,
/// name, ready, replicas ready/desired, reason) and the CR's events.
package enum ResourceDetailView {
    package static func page(runtime url: String, crd: String, namespace: String?, name: String, _ context: ViewContext) -> Page {
        let label = namespace.map { "\($0)/\(name)" } ?? name
        let crumbs = ["Control Center", context.runtimeLabel(url), crd, "resources", label]
        let glyphs = context.glyphs
        let key = FocusRequest.resourceDetail(runtime: url, crd: crd, namespace: namespace, name: name).key
        let loaded = context.state.resourceDetails[key]
        var summary = LoadNotice.lines(loaded, what: "CR", context)
        guard let detail = loaded?.value else { return Page(crumbs: crumbs, summary: summary, content: .document([])) }
        let badge = Badge.ready(detail.ready)
        var first: Line = [badge.span(glyphs)]
        if let reason = detail.readyReason { first.append(Span("  " + reason, detail.ready ? .normal : .warn)) }
        if let message = detail.readyMessage, !message.isEmpty { first.append(Span(": " + message, .dim)) }
        summary.insert(first, at: 0)
        let dot = " " + glyphs.dot + " "
        summary.insert([Span("generation \(detail.generation.map(String.init) ?? "-")" + dot + "observed " +
                             (detail.observedGeneration.map(String.init) ?? "-") + dot + "created " +
                             Format.age(ofTimestamp: detail.creationTimestamp, now: context.now) + " ago" + dot + "uid " +
                             (detail.uid ?? "-"), .dim)], at: 1)
        var lines: [Line] = []
        lines += tree(detail, glyphs)
        lines += status(detail)
        lines += conditions(detail)
        lines += events(context.state.crEvents[key], context)
        return Page(crumbs: crumbs, summary: summary, content: .document(lines))
    }

    static func tree(_ detail: ResourceDetail, _ glyphs: Glyphs) -> [Line] {
        var lines = [CRDDetailView.heading("Children")]
        if let error = detail.childrenError { lines.append([Span("  " + glyphs.down + " " + error, .bad)]) }
        let entries = ChildTree.flatten(detail.children, glyphs: glyphs)
        guard !entries.isEmpty else {
            return lines + [[Span("  no child resources found (owner-uid label)", .dim)], []]
        }
        let nameWidth = min(48, entries.map { TextWidth.width($0.prefix + $0.node.name) }.max() ?? 0) + 2
        let kindWidth = max(6, entries.map { TextWidth.width($0.node.kind) }.max() ?? 0) + 2
        lines.append([Span("  " + TextWidth.fit("NAME", to: nameWidth, ellipsis: glyphs.ellipsis) +
                           TextWidth.fit("KIND", to: kindWidth, ellipsis: glyphs.ellipsis) + "READY        REPLICAS  REASON", .header)])
        for entry in entries {
            let node = entry.node
            let badge = Badge.ready(node.ready)
            let replicas = node.replicas.map { "\($0.ready)/\($0.desired)" } ?? "-"
            lines.append([
                Span("  " + entry.prefix, .dim),
                Span(TextWidth.fit(node.name, to: nameWidth - TextWidth.width(entry.prefix), ellipsis: glyphs.ellipsis)),
                Span(TextWidth.fit(node.kind, to: kindWidth, ellipsis: glyphs.ellipsis), .info),
                Span(TextWidth.fit(badge.glyph(glyphs) + " " + badge.word, to: 13, ellipsis: glyphs.ellipsis), badge.role),
                Span(TextWidth.fit(replicas, to: 10, ellipsis: glyphs.ellipsis)),
                Span(node.reason ?? "", node.ready ? .dim : .warn),
            ])
        }
        let total = ChildTree.count(detail.children)
        if total > entries.count {
            lines.append([Span("  " + glyphs.ellipsis + " \(total - entries.count) more child resources not shown", .dim)])
        }
        return lines + [[]]
    }

    static func status(_ detail: ResourceDetail) -> [Line] {
        var lines = [CRDDetailView.heading("Status")]
        guard case .object(let fields) = detail.status.value, !fields.filter({ $0.key != "conditions" }).isEmpty else {
            return lines + [[Span("  no status", .dim)], []]
        }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) where key != "conditions" {
            lines.append([Span("  " + key + ": ", .dim), Span(scalar(value))])
        }
        return lines + [[]]
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .null: "null"
        default: value.serialized()
        }
    }

    static func conditions(_ detail: ResourceDetail) -> [Line] {
        var lines = [CRDDetailView.heading("Conditions")]
        guard !detail.conditions.isEmpty else { return lines + [[Span("  none", .dim)], []] }
        for condition in detail.conditions {
            let good = condition.status == "True"
            var line: Line = [Span("  " + TextWidth.fit(condition.type ?? "?", to: 18, ellipsis: "~")),
                              Span(TextWidth.fit(condition.status ?? "?", to: 8, ellipsis: "~"), good ? .ok : .dim),
                              Span(TextWidth.fit(condition.reason ?? "", to: 20, ellipsis: "~"))]
            if let message = condition.message, !message.isEmpty { line.append(Span(message, .dim)) }
            lines.append(line)
        }
        return lines + [[]]
    }

    static func events(_ loaded: Loaded<ResourceEvents>?, _ context: ViewContext) -> [Line] {
        var lines = [CRDDetailView.heading("Events")]
        lines += LoadNotice.lines(loaded, what: "events", context).map { [Span("  ")] + $0 }
        guard let events = loaded?.value else { return lines }
        if events.events.isEmpty { lines.append([Span("  no events", .dim)]) }
        for event in events.events {
            let warning = event.type == "Warning"
            lines.append([
                Span("  " + TextWidth.fit(Format.age(ofTimestamp: event.lastSeen, now: context.now), to: 5, ellipsis: "~"), .dim),
                Span(TextWidth.fit(event.type ?? "", to: 8, ellipsis: "~"), warning ? .warn : .dim),
                Span(TextWidth.fit(event.reason ?? "", to: 16, ellipsis: "~")),
                Span(event.count > 1 ? "x\(event.count) " : "", .dim),
                Span(event.message ?? "", warning ? .warn : .normal),
            ])
        }
        return lines
    }
}
