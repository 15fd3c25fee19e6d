import OrkAPI
/// Sharding (docs/runtime.md "Sharding", `/katalog`'s `shards`): a replica's member id, role and
/// share of the CRs, and a runtime's Shards panel — one row per member (live, CRs, share, which
/// polled replica it is), the totals, what is unassigned and draining, and the coordinator's moves.
/// Nothing at all when no replica of the runtime shards (`shards` is null).
enum ShardLines {
    /// Member rows shown; the rest are counted on one more line.
    static let maximumMembers = 8
    /// The MEMBER column is as wide as the widest id shown, within these bounds.
    static let memberWidth = 8...40

    /// The view of the ring the panel shows, and which replica answered it.
    struct View {
        var status: ShardStatus
        var source: RuntimeEndpoint
    }

    /// The replicas of `runtime`'s Katalog that shard: same Katalog name and cluster and, when
    /// found in a context, same context and namespace.
    static func replicas(of runtime: RuntimeEndpoint, in state: ControlState) -> [RuntimeEndpoint] {
        guard let katalog = runtime.katalog else { return [] }
        return state.runtimes.filter { other in
            guard let theirs = other.katalog, theirs.shards != nil else { return false }
            return theirs.name == katalog.name && theirs.cluster == katalog.cluster
                && other.placement?.context == runtime.placement?.context
                && other.placement?.namespace == runtime.placement?.namespace
        }
    }

    /// The replicas whose CR lists make up `runtime`'s: itself first, then the other polled
    /// replicas of its ring (each lists only the CRs it owns); empty when it does not shard or no
    /// other replica is polled (its own list is the whole list).
    static func listReplicas(of runtime: String, in state: ControlState) -> [String] {
        guard let endpoint = state.runtime(runtime), endpoint.katalog?.shards != nil else { return [] }
        let others = replicas(of: endpoint, in: state).map(\.url).filter { $0 != runtime }
        return others.isEmpty ? [] : [runtime] + others
    }

    /// A replica as the views name it: its pod, else `host:port`.
    static func replicaName(_ url: String, in state: ControlState) -> String {
        state.runtime(url)?.katalog?.pod.name ?? Format.hostPort(url)
    }

    /// The coordinator's answer when a replica says it is the coordinator (one that answers
    /// first), else this replica's own, else any replica's.
    static func view(for runtime: RuntimeEndpoint, in state: ControlState) -> View? {
        let peers = replicas(of: runtime, in: state)
        let coordinators = peers.filter { $0.katalog?.shards?.coordinator == true }
        let chosen = coordinators.first(where: { $0.health.state != .down }) ?? coordinators.first
            ?? peers.first(where: { $0.url == runtime.url }) ?? peers.first(where: { $0.health.state != .down }) ?? peers.first
        guard let chosen, let status = chosen.katalog?.shards else { return nil }
        return View(status: status, source: chosen)
    }

    /// CRs of the ring: on members plus unassigned (saturating); nil unless the answer counts them
    /// all (the coordinator's: a member knows only its own share).
    static func ringTotal(_ status: ShardStatus) -> Int? {
        guard let unassigned = status.unassigned, status.members.allSatisfy({ $0.crs != nil }) else { return nil }
        return status.members.saturatingSum { $0.crs ?? 0 }.saturatingAdd(unassigned)
    }

    /// `shard member <id> · coordinator · 10 of 30 CRs (33.3%)`: the member id, role and own share
    /// from the replica's own answer, the ring's total from the coordinator's (`view`; a member
    /// counts only its own CRs); nil without sharding.
    static func role(_ runtime: RuntimeEndpoint, in state: ControlState, _ glyphs: Glyphs) -> [Span]? {
        guard let shards = runtime.katalog?.shards else { return nil }
        let dot = " " + glyphs.dot + " "
        var spans = [Span("shard member ", .dim),
                     Span(TextWidth.truncate(shards.member, to: memberWidth.upperBound, ellipsis: glyphs.ellipsis))]
        spans.append(Span(dot, .dim))
        spans.append(shards.coordinator ? Span("coordinator", .ok) : Span("member", .info))
        let total = ringTotal(shards) ?? view(for: runtime, in: state).flatMap { ringTotal($0.status) }
        if let own = shards.members.first(where: { $0.id == shards.member }), let crs = own.crs {
            if let total {
                spans.append(Span(dot + "\(crs) of \(total) CRs (" + share(crs, of: total) + ")", .normal))
            } else {
                spans.append(Span(dot + "\(crs) CRs", .normal))
            }
        } else {
            spans.append(Span(dot + "not among the members it sees" + (total.map { " (\($0) CRs)" } ?? ""), .warn))
        }
        return spans
    }

    /// `12.5%` of the ring's CRs; `-` without CRs, unknown counts or absurd counts.
    static func share(_ crs: Int?, of total: Int?) -> String {
        guard let crs, let total, total > 0 else { return "-" }
        return Format.percent(Double(crs) / Double(total) * 100)
    }

    /// The Shards panel of the runtime `runtime` belongs to; empty when none of its replicas shards.
    static func panel(_ runtime: RuntimeEndpoint, _ context: ViewContext) -> [Line] {
        guard let view = view(for: runtime, in: context.state) else { return [] }
        let glyphs = context.glyphs
        let dot = " " + glyphs.dot + " "
        let status = view.status
        let peers = replicas(of: runtime, in: context.state)
        // Which polled replica is which member (by the member id each reports for itself), and its
        // own count where the view does not know it (no coordinator answers).
        var pods: [String: String] = [:]
        var ownCounts: [String: Int] = [:]
        for replica in peers {
            guard let katalog = replica.katalog, let shards = katalog.shards, pods[shards.member] == nil else { continue }
            pods[shards.member] = replicaName(replica.url, in: context.state) + (replica.url == runtime.url ? " (this)" : "")
            ownCounts[shards.member] = shards.members.first(where: { $0.id == shards.member })?.crs
        }
        func crs(_ member: ShardStatus.Member) -> Int? { member.crs ?? ownCounts[member.id] }
        let source = replicaName(view.source.url, in: context.state)
        let live = status.members.filter(\.live).count
        var lines: [Line] = [[
            Span("Shards", .header),
            Span("  \(status.members.count) members" + dot + "\(live) live" + dot, .normal),
            Span("view of " + (status.coordinator ? "the coordinator " : "member ") + source
                 + (status.coordinator ? "" : " (no coordinator answers)"), .dim),
        ]]
        let shown = status.members.prefix(maximumMembers)
        let widest = shown.map { TextWidth.width($0.id, upTo: memberWidth.upperBound) }.max() ?? 0
        let idWidth = min(memberWidth.upperBound, max(memberWidth.lowerBound, widest)) + 2
        let total = ringTotal(status)
        // Unknown when a member's count is (`-`): only the coordinator counts every member's CRs.
        let counts = status.members.map(crs)
        let onMembers: Int? = counts.contains(nil) ? nil : counts.saturatingSum { $0 ?? 0 }
        func text(_ count: Int?) -> String { count.map { "\($0)" } ?? "-" }
        // As wide as the widest count shown (at most 20 digits and a sign: every Int fits).
        let crsWidth = ([onMembers] + shown.map(crs)).map { text($0).count }.reduce(3, max) + 2
        func cells(_ id: String, _ liveText: String, _ crs: String, _ share: String) -> String {
            "  " + pad(id, idWidth, glyphs) + pad(liveText, 12, glyphs) + pad(crs, crsWidth, glyphs, right: true)
                + pad(share, 8, glyphs, right: true) + "  "
        }
        lines.append([Span(cells("MEMBER", "LIVE", "CRS", "SHARE") + "REPLICA", .header)])
        for member in shown {
            let badge = Badge.ready(member.live)
            lines.append([
                Span("  " + pad(member.id, idWidth, glyphs)),
                Span(pad(badge.glyph(glyphs) + (member.live ? " live" : " not live"), 12, glyphs), badge.role),
                Span(pad(text(crs(member)), crsWidth, glyphs, right: true) + pad(share(crs(member), of: total), 8, glyphs, right: true)
                     + "  "),
                Span(pods[member.id] ?? "not polled", pods[member.id] == nil ? .dim : .normal),
            ])
        }
        if status.members.count > maximumMembers {
            lines.append([Span("  " + glyphs.ellipsis + " \(status.members.count - maximumMembers) more members", .dim)])
        }
        lines.append([Span(cells("total", "\(live)/\(status.members.count)", text(onMembers), share(onMembers, of: total)), .accent)])
        let moves = status.moves
        var waiting: [Span] = [Span("unassigned and draining: counted by the coordinator only", .dim)]
        if let unassigned = status.unassigned, let draining = status.draining {
            waiting = [Span("\(unassigned) unassigned", unassigned > 0 ? .warn : .dim), Span(dot),
                      Span("\(draining) draining (moves in progress)", draining > 0 ? .info : .dim)]
        }
        lines.append([Span("  ")] + waiting + [
            Span(dot + "moves: assigned \(moves.assigned), reassigned \(moves.reassigned), drained \(moves.drained), "
                 + "undrained \(moves.undrained)", .dim),
        ])
        return lines
    }

    static func pad(_ text: String, _ width: Int, _ glyphs: Glyphs, right: Bool = false) -> String {
        TextWidth.fit(text, to: width - 1, right: right, ellipsis: glyphs.ellipsis) + " "
    }
}
