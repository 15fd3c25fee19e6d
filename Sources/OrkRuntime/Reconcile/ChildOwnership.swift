import OrkKatalog
import OrkValue

/// Whether the runtime may write an existing object in a CR's name (DESIGN §5, R9): only when it
/// does not exist or is the CR's own. Nothing is adopted: an object someone else made — another
/// CR, another controller, a person — is never written, updated or deleted in the CR's name.
///
/// | Object | Decision |
/// |---|---|
/// | absent | `absent`: create it |
/// | owner-uid label = the CR, no controller reference to anyone else | `ours` |
/// | a controller owner reference to the CR, no owner-uid label naming anyone else | `ours` |
/// | owner-uid label naming another UID | `foreign`: belongs to that owner |
/// | a controller owner reference to another object | `foreign`: belongs to that owner |
/// | neither label nor reference (a pre-existing, hand-made object) | `foreign`: not managed by Orkestra |
enum ChildOwnership: Sendable, Hashable {
    case absent
    case ours
    /// Someone else's: the description names the owner ("Kind ns/name (uid …)") or says the
    /// object is not managed by Orkestra.
    case foreign(owner: String)

    static let unmanaged = "exists and is not managed by Orkestra (no owner-uid label or owner reference)"

    /// The decision for `existing` (nil: absent) and the CR with `ownerUID`.
    static func decide(_ existing: JSONValue?, ownerUID: String) -> ChildOwnership {
        guard let existing else { return .absent }
        let labelled = existing.value(atDotted: "metadata.labels")?[OrkNames.ownerUIDLabel]?.stringValue ?? ""
        let references = existing.value(atDotted: "metadata.ownerReferences")?.arrayValue ?? []
        let controller = references.first { $0["controller"]?.boolValue == true }?["uid"]?.stringValue
        if !labelled.isEmpty, labelled != ownerUID {
            return .foreign(owner: "already belongs to \(ownerDescription(existing, uid: labelled))")
        }
        if let controller, controller != ownerUID {
            return .foreign(owner: "already belongs to \(ownerDescription(existing, uid: controller))")
        }
        if labelled == ownerUID || controller == ownerUID { return .ours }
        return .foreign(owner: unmanaged)
    }

    /// "Kind namespace/name (uid …)" of the owner reference with `uid`, else the bare UID.
    static func ownerDescription(_ object: JSONValue, uid: String) -> String {
        let references = object.value(atDotted: "metadata.ownerReferences")?.arrayValue ?? []
        guard let owner = references.first(where: { $0["uid"]?.stringValue == uid }),
              let kind = owner["kind"]?.stringValue, let name = owner["name"]?.stringValue else {
            return "another resource (owner uid \(uid))"
        }
        let namespace = object.value(atDotted: "metadata.namespace")?.stringValue.map { "\($0)/" } ?? ""
        return "\(kind) \(namespace)\(name) (uid \(uid))"
    }
}
