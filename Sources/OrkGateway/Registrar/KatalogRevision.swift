import OrkKatalog
import OrkValue

/// Which Katalog a webhook configuration was derived from, written on it as two annotations: the
/// SHA-256 of the Katalog's text and, when known, its generation — the `resourceVersion` of the
/// Katalog's ConfigMap when the gateway started (read by `KatalogGeneration`), which every change
/// of the ConfigMap raises, a `helm rollback` included.
///
/// Replicas running different Katalogs during a rollout order them by this revision: a known
/// generation beats none, a higher one beats a lower one, and equal or unknown generations are
/// ordered by hash, so any two revisions with different hashes have one winner and every replica
/// agrees on it. A replica writes only when no configuration of ours carries a newer revision.
public struct KatalogRevision: Sendable, Hashable, CustomStringConvertible {
    public static let generationAnnotation = "orkestra.orkspace.io/katalog-generation"
    public static let hashAnnotation = "orkestra.orkspace.io/katalog-hash"

    /// Orders Katalogs; nil when it could not be read.
    public var generation: UInt64?
    /// Lower-case hex SHA-256 of the Katalog's text.
    public var hash: String

    public init(generation: UInt64?, hash: String) {
        self.generation = generation
        self.hash = hash
    }

    /// The revision of a loaded Katalog.
    public init(katalog: Katalog, generation: UInt64?) {
        self.init(generation: generation, hash: ContentHash.sha256(katalog.sourceText))
    }

    /// The revision a configuration carries; nil when it has no hash annotation (written by a gateway
    /// before revisions existed, or by hand): such a configuration never holds a writer back.
    public init?(annotations: JSONValue?) {
        guard let hash = annotations?[Self.hashAnnotation]?.stringValue, !hash.isEmpty, hash.utf8.count <= 128 else {
            return nil
        }
        self.hash = hash
        self.generation = annotations?[Self.generationAnnotation]?.stringValue.flatMap { UInt64($0) }
    }

    /// The two annotations (no generation annotation when it is unknown).
    public var annotations: JSONValue {
        var fields: [String: JSONValue] = [Self.hashAnnotation: .string(hash)]
        if let generation { fields[Self.generationAnnotation] = .string(String(generation)) }
        return .object(fields)
    }

    /// Whether this revision wins over `other`. Never true for the same hash (the same Katalog).
    public func isNewer(than other: KatalogRevision) -> Bool {
        guard hash != other.hash else { return false }
        switch (generation, other.generation) {
        case let (mine?, theirs?) where mine != theirs: return mine > theirs
        case (.some, nil): return true
        case (nil, .some): return false
        default: return hash > other.hash
        }
    }

    public var description: String {
        "\(generation.map { "generation \($0)" } ?? "no generation"), hash \(hash.prefix(12))"
    }
}

/// What a registrar pass may do, decided from its own revision and those on the configurations.
public enum RegistrarDecision: Sendable, Hashable {
    /// Write the desired configurations carrying `revision` (our hash; the highest generation seen
    /// for it, so replicas of one Katalog never rewrite each other's annotation).
    case write(KatalogRevision)
    /// A configuration carries a newer Katalog: write nothing, delete nothing.
    case yield(to: KatalogRevision)

    public static func decide(ours: KatalogRevision, existing: [KatalogRevision]) -> RegistrarDecision {
        var newest: KatalogRevision?
        for revision in existing where revision.isNewer(than: ours) {
            if let current = newest, !revision.isNewer(than: current) { continue }
            newest = revision
        }
        if let newest { return .yield(to: newest) }
        var written = ours
        for revision in existing where revision.hash == ours.hash {
            if let generation = revision.generation, generation > (written.generation ?? 0) {
                written.generation = generation
            }
        }
        return .write(written)
    }
}
