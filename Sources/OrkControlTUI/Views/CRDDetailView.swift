import OrkAPI
/// One CRD in detail: workers and their states, queue, latency percentiles, reconcile counters,
/// dependencies, RBAC rules, declared children, and the gateway's admission/conversion/protection
/// stats per replica and in total. Enter opens its resources.
package enum CRDDetailView {
    package static func page(runtime url: String, crd name: String, _ context: ViewContext) -> Page {
        let crumbs = ["Control Center", context.runtimeLabel(url), name]
        let glyphs = context.glyphs
        let dot = " " + glyphs.dot + " "
        let loaded = context.state.crdDetails[FocusRequest.crdDetail(runtime: url, crd: name).key]
        var summary: [Line] = []
        if let crd = context.state.runtime(url)?.katalog?.crds.first(where: { $0.name == name }) {
            let state = CRDState(apiValue: crd.state)
            summary.append([Badge.crd(state).span(glyphs),
                            Span("  \(crd.kind).\(crd.group)/\(crd.version)" + (crd.namespaced ? " (namespaced)" : " (cluster-scoped)")),
                            Span(dot + "resync \(Format.age(seconds: crd.resync))" + dot + "\(crd.resourceCount) CRs", .dim)])
            if let reason = crd.stateReason { summary.append([Span(glyphs.arrow + " " + reason, Badge.crd(state).role)]) }
        }
        summary += health(context.state.crdHealth[FocusRequest.crdHealth(runtime: url, crd: name).key], dot)
        summary += LoadNotice.lines(loaded, what: "CRD details", context)
        guard let detail = loaded?.value else {
            return Page(crumbs: crumbs, summary: summary, content: .document([]))
        }
        var lines: [Line] = []
        lines += workers(detail, glyphs)
        lines += queue(detail, glyphs)
        lines += reconcile(detail, context)
        lines += dependencies(detail, glyphs)
        lines += rbac(detail)
        lines += operatorBox(detail, glyphs)
        lines += GatewayStatsLines.lines(runtime: url, crd: name, context)
        return Page(crumbs: crumbs, summary: summary, content: .document(lines),
                    status: [Span("Enter: resources", .dim)])
    }

    static func heading(_ text: String) -> Line { [Span(text, .header)] }

    /// What `/katalog/{crd}/health` answers (200 or 503), as a probe would see it.
    static func health(_ loaded: Loaded<CRDHealthStatus>?, _ dot: String) -> [Line] {
        guard let loaded else { return [] }
        guard let health = loaded.value else {
            return loaded.error.map { [[Span("health ", .dim), Span("unavailable: \($0)", .warn)]] } ?? []
        }
        var line: Line = [Span("health ", .dim), Span("HTTP \(health.status) \(health.state)", health.healthy ? .ok : .bad),
                          Span(dot + "error rate \(Format.percent(health.errorRate))" + dot + "\(health.consecutiveFailures) consecutive failures", .dim)]
        if let refused = health.refusedByNamespace, refused > 0 {
            line.append(Span(dot + "\(refused) CRs in namespaces the Katalog does not allow", .warn))
        }
        return [line]
    }

    static func workers(_ detail: CRDDetail, _ glyphs: Glyphs) -> [Line] {
        var line: Line = [Span("  ")]
        for worker in detail.workerDetails {
            let role: Role = worker.state == "processing" ? .ok : worker.state == "stopped" ? .bad : .dim
            let glyph = worker.state == "processing" ? glyphs.ok : worker.state == "stopped" ? glyphs.down : glyphs.pending
            line.append(Span("#\(worker.id) \(glyph) \(worker.state)  ", role))
        }
        return [heading("Workers \(detail.summary.workersBusy)/\(detail.summary.workers) busy"), line, []]
    }

    static func queue(_ detail: CRDDetail, _ glyphs: Glyphs) -> [Line] {
        let queue = detail.queue
        let dot = " " + glyphs.dot + " "
        let bar = Format.bar(queue.depth, of: detail.summary.maxDepth, width: 10, glyphs: glyphs)
        return [
            heading("Queue"),
            [Span("  depth "), Span(bar, .info), Span(" \(queue.depth)/\(detail.summary.maxDepth)"),
             Span("  events \(queue.eventDepth)" + dot + "resync \(queue.resyncDepth)" + dot + "delayed \(queue.delayed)" + dot +
                  "processing \(queue.processing)", .dim)],
            [Span("  adds \(queue.adds)" + dot + "retries \(queue.retries)" + dot), Span("drops \(queue.drops)", queue.drops > 0 ? .warn : .normal)],
            [Span("  wait  "), Span(percentiles(queue.waitMs, dot), .info)],
            [],
        ]
    }

    static func percentiles(_ value: WaitPercentiles, _ dot: String) -> String {
        percentiles(value.p50, value.p90, value.p99, last: value.max.map { "max " + Format.milliseconds($0) }, dot)
    }

    static func percentiles(_ value: DurationPercentiles, _ dot: String) -> String {
        percentiles(value.p50, value.p90, value.p99, last: value.mean.map { "mean " + Format.milliseconds($0) }, dot)
    }

    static func percentiles(_ p50: Double?, _ p90: Double?, _ p99: Double?, last: String?, _ dot: String) -> String {
        let parts = ["p50 " + Format.milliseconds(p50), "p90 " + Format.milliseconds(p90), "p99 " + Format.milliseconds(p99)]
        return (parts + (last.map { [$0] } ?? [])).joined(separator: dot)
    }

    static func reconcile(_ detail: CRDDetail, _ context: ViewContext) -> [Line] {
        let reconcile = detail.reconcile
        let dot = " " + context.glyphs.dot + " "
        var lines: [Line] = [
            heading("Reconcile"),
            [Span("  \(reconcile.total) total" + dot + "\(reconcile.succeeded) ok" + dot),
             Span("\(reconcile.failed) failed", reconcile.failed > 0 ? .warn : .normal),
             Span(dot + "error " + Format.percent(reconcile.errorRate) + dot),
             Span("failure streak \(reconcile.consecutiveFailures)/\(reconcile.failureThreshold)",
                  reconcile.consecutiveFailures >= reconcile.failureThreshold ? .bad : .normal)],
            [Span("  duration "), Span(percentiles(reconcile.durationMs, dot), .info)],
            [Span("  api writes \(reconcile.apiWrites)" + dot + "children applied \(reconcile.childrenApplied)" + dot +
                  "deleted \(reconcile.childrenDeleted)" + dot + "unchanged \(reconcile.childrenUnchanged)", .dim)],
        ]
        if let error = reconcile.lastError {
            lines.append([Span("  last error (" + Format.age(ofTimestamp: reconcile.lastErrorAt, now: context.now) + " ago): ", .dim),
                          Span(error, .bad)])
        }
        if let sent = detail.notifications {
            let trouble = sent.failed > 0 || sent.dropped > 0
            lines.append([Span("  notifications sent \(sent.sent)" + dot + "throttled \(sent.throttled)" + dot, .dim),
                          Span("failed \(sent.failed)" + dot + "dropped \(sent.dropped)", trouble ? .warn : .dim),
                          Span(sent.pending.map { dot + "waiting \($0)" } ?? "", .dim)])
        }
        lines.append([])
        return lines
    }

    static func dependencies(_ detail: CRDDetail, _ glyphs: Glyphs) -> [Line] {
        guard !detail.dependencies.isEmpty else { return [heading("Dependencies"), [Span("  none", .dim)], []] }
        var lines = [heading("Dependencies")]
        for dependency in detail.dependencies {
            let badge = Badge.ready(dependency.satisfied)
            lines.append([Span("  "), Span(badge.glyph(glyphs) + " " + (dependency.satisfied ? "satisfied" : "waiting"), badge.role),
                          Span("  \(dependency.crd) must be \(dependency.condition)"),
                          Span(" (now \(dependency.state ?? "not running"))", .dim)])
        }
        return lines + [[]]
    }

    static func rbac(_ detail: CRDDetail) -> [Line] {
        var lines = [heading("RBAC rules (\(detail.rbac.totalRules))")]
        for rule in detail.rbac.rules {
            let groups = rule.apiGroups.map { $0.isEmpty ? "core" : $0 }.joined(separator: ",")
            var text = "  \(groups)  \(rule.resources.joined(separator: ","))"
            if !rule.resourceNames.isEmpty { text += " [\(rule.resourceNames.joined(separator: ","))]" }
            lines.append([Span(text), Span("  " + rule.verbs.joined(separator: ","), .dim)])
        }
        return lines + [[]]
    }

    static func operatorBox(_ detail: CRDDetail, _ glyphs: Glyphs) -> [Line] {
        let box = detail.operatorBox
        func children(_ map: [String: Int]) -> String {
            map.isEmpty ? "-" : map.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        let dot = " " + glyphs.dot + " "
        return [
            heading("Operator box"),
            [Span("  onCreate ", .dim), Span(children(box.onCreate)), Span(dot + "onReconcile ", .dim), Span(children(box.onReconcile)),
             Span(dot + "onDelete ", .dim), Span(children(box.onDelete))],
            [Span("  status fields \(box.statusFields)" + dot + "validation rules \(detail.validationRules)" + dot +
                  "mutation rules \(detail.mutationRules)", .dim)],
            [Span("  finalizers ", .dim), Span(box.finalizers.joined(separator: ", "))],
            [],
        ]
    }
}
