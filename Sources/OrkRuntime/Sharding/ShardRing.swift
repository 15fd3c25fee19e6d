/// A consistent-hash ring over the live shard members: each member owns `virtualNodes` points on a
/// 64-bit circle, and an object belongs to the member of the first point at or after its hash
/// (wrapping). Adding or removing a member moves only the objects on the arcs it gains or loses,
/// about 1/n of them.
///
/// The default of 1,000 points per member keeps each member's share within a few percent of 1/n
/// (the spread of a member's total arc is about 1/√points); a lookup is a binary search.
public struct ShardRing: Sendable, Equatable {
    public static let defaultVirtualNodes = 1_000

    struct Point: Sendable, Equatable {
        var hash: UInt64
        var member: Int
    }

    /// The members, sorted and without repeats.
    public let members: [String]
    let points: [Point]

    public init(members: some Sequence<String>, virtualNodes: Int = ShardRing.defaultVirtualNodes) {
        let sorted = Array(Set(members)).sorted()
        let perMember = max(1, virtualNodes)
        var points: [Point] = []
        points.reserveCapacity(sorted.count * perMember)
        for (index, member) in sorted.enumerated() {
            for node in 0..<perMember {
                points.append(Point(hash: ShardHash.of("\(member)#\(node)"), member: index))
            }
        }
        // Equal hashes (vanishingly rare) are ordered by member so every replica builds the same ring.
        points.sort { ($0.hash, $0.member) < ($1.hash, $1.member) }
        self.members = sorted
        self.points = points
    }

    public var isEmpty: Bool { members.isEmpty }

    /// The member owning `key`; nil when the ring has no members.
    public func owner(of key: ShardKey) -> String? {
        owner(ofHash: key.hash)
    }

    func owner(ofHash hash: UInt64) -> String? {
        member(fromHash: hash) { _ in true }
    }

    /// The first member, walking the circle from `hash`, that `accepts` (each member asked once);
    /// nil when none does.
    func member(fromHash hash: UInt64, where accepts: (String) -> Bool) -> String? {
        guard !points.isEmpty else { return nil }
        var low = 0
        var high = points.count
        while low < high {
            let middle = low + (high - low) / 2
            if points[middle].hash < hash { low = middle + 1 } else { high = middle }
        }
        var asked = Set<Int>()
        for step in 0..<points.count where asked.count < members.count {
            let point = points[(low + step) % points.count]
            guard members.indices.contains(point.member), asked.insert(point.member).inserted else { continue }
            if accepts(members[point.member]) { return members[point.member] }
        }
        return nil
    }
}

/// What an object is hashed by: its API group, kind, namespace and name (not its uid, so a CR
/// deleted and created again lands on the same member).
public struct ShardKey: Sendable, Hashable {
    public var group: String
    public var kind: String
    public var namespace: String
    public var name: String

    public init(group: String, kind: String, namespace: String?, name: String) {
        self.group = group
        self.kind = kind
        self.namespace = namespace ?? ""
        self.name = name
    }

    var hash: UInt64 { ShardHash.of("\(group)/\(kind)/\(namespace)/\(name)") }
}

/// A stable 64-bit hash: FNV-1a over the UTF-8 bytes, then MurmurHash3's 64-bit finaliser, which
/// spreads FNV's weak high bits over the whole word (neighbouring names land far apart). Stable
/// across processes and versions, unlike `Hasher`, because every replica must agree.
enum ShardHash {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
