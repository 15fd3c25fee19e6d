import OrkValue

/// One RBAC rule: verbs on resources of API groups (optionally only some names).
public struct PolicyRule: Sendable, Hashable, Comparable {
    public var apiGroups: [String]
    public var resources: [String]
    public var verbs: [String]
    public var resourceNames: [String]
    /// A rule on URLs outside the API's resources (`/katalog/*`), granted only by ClusterRoles.
    public var nonResourceURLs: [String]

    public init(apiGroups: [String], resources: [String], verbs: [String], resourceNames: [String] = []) {
        self.apiGroups = apiGroups
        self.resources = resources
        self.verbs = verbs
        self.resourceNames = resourceNames
        self.nonResourceURLs = []
    }

    /// `verbs` on non-resource URLs (a trailing `*` matches every path below).
    public init(nonResourceURLs: [String], verbs: [String]) {
        self.apiGroups = []
        self.resources = []
        self.verbs = verbs
        self.resourceNames = []
        self.nonResourceURLs = nonResourceURLs
    }

    /// Reading a runtime's or a gateway's HTTP API when it needs a Kubernetes identity
    /// (`ORK_API_AUTH=kubernetes`): `get` on `/katalog` and every path below it.
    public static let readOrkestraAPI = PolicyRule(nonResourceURLs: ["/katalog", "/katalog/*"], verbs: ["get"])

    /// Verbs in Kubernetes' conventional order, for readable, stable output.
    static let verbOrder = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection",
                            "bind", "escalate"]

    static func sortVerbs(_ verbs: some Sequence<String>) -> [String] {
        Set(verbs).sorted { (verbOrder.firstIndex(of: $0) ?? 99, $0) < (verbOrder.firstIndex(of: $1) ?? 99, $1) }
    }

    public static func < (lhs: PolicyRule, rhs: PolicyRule) -> Bool {
        (lhs.apiGroups.first ?? "", lhs.resources.first ?? "", lhs.resourceNames.first ?? "", lhs.nonResourceURLs.first ?? "",
         lhs.verbs.joined(separator: ","))
            < (rhs.apiGroups.first ?? "", rhs.resources.first ?? "", rhs.resourceNames.first ?? "", rhs.nonResourceURLs.first ?? "",
               rhs.verbs.joined(separator: ","))
    }

    /// The rule as a Kubernetes `rules[]` element.
    public var jsonValue: JSONValue {
        if !nonResourceURLs.isEmpty {
            return ["nonResourceURLs": .array(nonResourceURLs.map(JSONValue.string)), "verbs": .array(verbs.map(JSONValue.string))]
        }
        var object: [String: JSONValue] = [
            "apiGroups": .array(apiGroups.map(JSONValue.string)),
            "resources": .array(resources.map(JSONValue.string)),
            "verbs": .array(verbs.map(JSONValue.string)),
        ]
        if !resourceNames.isEmpty { object["resourceNames"] = .array(resourceNames.map(JSONValue.string)) }
        return .object(object)
    }

    /// `apps: deployments [get list …]`, as `ork validate --full` prints it.
    public var summary: String {
        if !nonResourceURLs.isEmpty { return "nonResourceURLs: \(nonResourceURLs.joined(separator: ", ")) [\(verbs.joined(separator: " "))]" }
        let group = apiGroups.first.map { $0.isEmpty ? "core" : $0 } ?? "core"
        var text = "\(group): \(resources.joined(separator: ", ")) [\(verbs.joined(separator: " "))]"
        if !resourceNames.isEmpty { text += " names: \(resourceNames.joined(separator: ", "))" }
        return text
    }
}

/// Accumulates permissions and folds them into the fewest stable rules: one rule per API group and
/// verb set (and name restriction), resources sorted.
struct PolicyRuleSet {
    private struct Key: Hashable {
        var group: String
        var resource: String
        var names: [String]
    }

    private var verbs: [Key: Set<String>] = [:]
    private var nonResource: [PolicyRule] = []

    mutating func add(nonResource rule: PolicyRule) {
        if !nonResource.contains(rule) { nonResource.append(rule) }
    }

    mutating func add(group: String, resources: [String], verbs: [String], names: [String] = []) {
        for resource in resources {
            self.verbs[Key(group: group, resource: resource, names: names.sorted()), default: []].formUnion(verbs)
        }
    }

    mutating func add(_ rules: [PolicyRule]) {
        for rule in rules {
            if !rule.nonResourceURLs.isEmpty { add(nonResource: rule) }
            for group in rule.apiGroups {
                add(group: group, resources: rule.resources, verbs: rule.verbs, names: rule.resourceNames)
            }
        }
    }

    var rules: [PolicyRule] {
        struct Fold: Hashable {
            var group: String
            var verbs: [String]
            var names: [String]
        }
        var folded: [Fold: Set<String>] = [:]
        for (key, verbs) in self.verbs {
            folded[Fold(group: key.group, verbs: PolicyRule.sortVerbs(verbs), names: key.names), default: []].insert(key.resource)
        }
        return (folded.map { fold, resources in
            PolicyRule(apiGroups: [fold.group], resources: resources.sorted(), verbs: fold.verbs, resourceNames: fold.names)
        } + nonResource).sorted()
    }
}
