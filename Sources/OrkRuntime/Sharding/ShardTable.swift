/// Which member holds each bucket (`ShardBuckets`), and at which epoch: the one record of the
/// assignment, kept in the annotation `shard.orkestra.orkspace.io/buckets` of the ring's table
/// Lease (`<leaseName>-shards`). The coordinator plans it (`planned`); a draining member marks its
/// buckets released (`release`) once their reconciles finished; both write it under its
/// resourceVersion, through their Leases' fences.
///
/// `generation` is the last epoch handed out: every assignment takes the next one, so per bucket
/// (and so per object) epochs only grow, across coordinators too.
public struct ShardTable: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// The member reconciles the bucket's CRs.
        case owned
        /// The coordinator asked the member to let the bucket go; it reconciles none of its CRs now.
        case draining
        /// The member acknowledged: its reconciles of the bucket ended; the coordinator may give it on.
        case released
    }

    public struct Entry: Sendable, Equatable {
        public var member: String
        public var epoch: Int
        public var phase: Phase

        public init(member: String, epoch: Int, phase: Phase = .owned) {
            self.member = member
            self.epoch = epoch
            self.phase = phase
        }

        /// The `shard.orkestra.orkspace.io/writer` value of a child applied under this entry.
        public var writer: String { "\(member)@\(epoch)" }
    }

    /// One entry per bucket; nil for a bucket nobody holds.
    public private(set) var entries: [Entry?]
    public private(set) var generation: Int

    public init() {
        entries = Array(repeating: nil, count: ShardBuckets.count)
        generation = 0
    }

    public func entry(_ bucket: Int) -> Entry? {
        entries.indices.contains(bucket) ? entries[bucket] : nil
    }

    /// The buckets `member` holds in `phases`.
    public func buckets(of member: String, in phases: Set<Phase> = [.owned]) -> Set<Int> {
        var buckets = Set<Int>()
        for (bucket, entry) in entries.enumerated() where entry?.member == member {
            if let phase = entry?.phase, phases.contains(phase) { buckets.insert(bucket) }
        }
        return buckets
    }

    /// The coordinator's next table for `ring` over the `live` members, and the move made per
    /// bucket (`ShardMove`: a released bucket counts as unassigned) toward `placement`. Assignments
    /// take epoch `generation + 1`; the table is unchanged when nothing moves.
    public func planned(ring: ShardRing, live: Set<String>) -> (table: ShardTable, moves: [Int: ShardMove]) {
        var next = self
        var moves: [Int: ShardMove] = [:]
        let epoch = generation &+ 1
        let placement = placement(ring: ring, live: live)
        for bucket in entries.indices {
            let entry = entries[bucket]
            let current = entry?.phase == .released ? nil : entry?.member
            let desired = placement.indices.contains(bucket) ? placement[bucket] : nil
            guard let move = ShardMove.decide(current: current, draining: entry?.phase == .draining, desired: desired,
                                              live: live) else { continue }
            moves[bucket] = move
            switch move {
            case .assign(let member), .reassign(let member):
                next.entries[bucket] = Entry(member: member, epoch: epoch)
            case .drain:
                next.entries[bucket]?.phase = .draining
            case .undrain:
                next.entries[bucket]?.phase = .owned
            }
        }
        if moves.values.contains(where: \.isAssignment) { next.generation = epoch }
        return (next, moves)
    }

    /// Where each bucket belongs: consistent hashing with bounded loads. Each member holds at most
    /// ⌈buckets / members⌉. First every bucket stays with its live holder while that holder is under
    /// the bound (in bucket order); then each other bucket goes to the first member under the bound
    /// walking the ring from the bucket's point. So shares are equal to one bucket, a member that
    /// leaves moves only its own buckets, one that joins takes only its share from the others, and
    /// every coordinator computes the same from the same table and members.
    func placement(ring: ShardRing, live: Set<String>) -> [String?] {
        let members = ring.members.filter(live.contains)
        guard !members.isEmpty else { return Array(repeating: nil, count: entries.count) }
        let bound = (entries.count + members.count - 1) / members.count
        var load: [String: Int] = [:]
        var placement = [String?](repeating: nil, count: entries.count)
        for (bucket, entry) in entries.enumerated() {
            guard let entry, entry.phase != .released, members.contains(entry.member),
                  load[entry.member, default: 0] < bound else { continue }
            placement[bucket] = entry.member
            load[entry.member, default: 0] += 1
        }
        for bucket in entries.indices where placement[bucket] == nil {
            let member = ring.member(fromHash: ShardBuckets.ringHash(of: bucket)) {
                live.contains($0) && load[$0, default: 0] < bound
            }
            placement[bucket] = member
            if let member { load[member, default: 0] += 1 }
        }
        return placement
    }

    /// Hands out epochs above `floor` from now on (a table that vanished starts above the last seen).
    public mutating func raise(generation floor: Int) {
        generation = max(generation, floor)
    }

    /// Marks `buckets` released where `member` still holds them draining; whether anything changed.
    public mutating func release(_ buckets: Set<Int>, member: String) -> Bool {
        var changed = false
        for bucket in buckets where entries.indices.contains(bucket) {
            guard let entry = entries[bucket], entry.member == member, entry.phase == .draining else { continue }
            entries[bucket]?.phase = .released
            changed = true
        }
        return changed
    }
}

extension ShardMove {
    /// Whether the move gives the object a new owner (and so a new epoch).
    var isAssignment: Bool {
        switch self {
        case .assign, .reassign: true
        case .drain, .undrain: false
        }
    }
}

/// The annotation's text: `1;<generation>;<member>,<member>…;<entry>,<entry>…` with one entry per
/// bucket — empty, or `<member index>.<epoch>` followed by `d` (draining) or `r` (released). About
/// 8 KB for 1,024 buckets. Read defensively: it comes from the cluster.
extension ShardTable {
    public static let annotation = "shard.orkestra.orkspace.io/buckets"
    /// Far above a real table (members are label values of ≤ 63 characters).
    static let maxAnnotationBytes = 256 * 1_024

    public var annotationValue: String {
        let members = Array(Set(entries.compactMap { $0?.member })).sorted()
        var index: [String: Int] = [:]
        for (position, member) in members.enumerated() { index[member] = position }
        let cells = entries.map { entry -> String in
            guard let entry, let position = index[entry.member] else { return "" }
            let suffix = switch entry.phase {
            case .owned: ""
            case .draining: "d"
            case .released: "r"
            }
            return "\(position).\(entry.epoch)\(suffix)"
        }
        return "1;\(generation);\(members.joined(separator: ","));\(cells.joined(separator: ","))"
    }

    /// Parses `annotationValue`; nil when the text is not a table of this version and bucket count.
    public init?(annotationValue text: String) {
        guard text.utf8.count <= Self.maxAnnotationBytes else { return nil }
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "1", let generation = Int(parts[1]), generation >= 0 else { return nil }
        let members = parts[2].isEmpty ? [] : parts[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard members.count <= ShardBuckets.count, members.allSatisfy({ !$0.isEmpty }) else { return nil }
        let cells = parts[3].split(separator: ",", omittingEmptySubsequences: false)
        guard cells.count == ShardBuckets.count else { return nil }
        var entries: [Entry?] = []
        entries.reserveCapacity(cells.count)
        for cell in cells {
            if cell.isEmpty {
                entries.append(nil)
                continue
            }
            var body = Substring(cell)
            var phase = Phase.owned
            if body.hasSuffix("d") { phase = .draining } else if body.hasSuffix("r") { phase = .released }
            if phase != .owned { body = body.dropLast() }
            let fields = body.split(separator: ".", omittingEmptySubsequences: false)
            guard fields.count == 2, let position = Int(fields[0]), members.indices.contains(position),
                  let epoch = Int(fields[1]), (0...generation).contains(epoch) else { return nil }
            entries.append(Entry(member: members[position], epoch: epoch, phase: phase))
        }
        self.entries = entries
        self.generation = generation
    }
}
