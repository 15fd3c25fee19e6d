import OrkKatalog
import OrkTemplate

/// One `dependsOn` entry of a CRD and whether it is satisfied right now.
public struct DependencySnapshot: Sendable, Hashable {
    public var crd: String
    public var condition: Dependency.Condition
    /// The dependency's own state (nil when the Katalog has no such CRD running).
    public var state: CRDState?
    public var satisfied: Bool

    public init(crd: String, condition: Dependency.Condition, state: CRDState?, satisfied: Bool) {
        self.crd = crd
        self.condition = condition
        self.state = state
        self.satisfied = satisfied
    }
}
