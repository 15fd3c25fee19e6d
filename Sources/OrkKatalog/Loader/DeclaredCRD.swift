import OrkValue

/// One `spec.crds` entry as written, whether or not it decoded: its key, where it is and what it
/// depends on. The dependency checks run over these, so an entry with errors of its own is still a
/// known node of the `dependsOn` graph: another CRD may depend on it and a cycle may pass through it.
struct DeclaredCRD: Sendable {
    var key: String
    var position: SourcePosition?
    var dependsOn: [Dependency]
    /// `enabled: false`: declared, but skipped by everything that runs.
    var enabled = true
}

/// What ``CRDEntryDecoder`` made of one entry: always its declaration, and the entry when it decoded.
struct DecodedCRD: Sendable {
    var declared: DeclaredCRD
    var entry: CRDEntry?
}
