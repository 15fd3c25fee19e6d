import OrkValue

/// The events that turn a store into a fresh list, for relists after `410 Gone` or a broken
/// watch: what was missed while the watch was down, nothing more.
///
/// - an object in the list but not the store is `.added`;
/// - an object in both with a different resourceVersion is `.updated(old, new)`; with the same
///   resourceVersion it emits nothing (the consumer has already seen that state);
/// - an object in both whose UID changed was deleted and re-created while we were not watching:
///   `.deleted(old)` then `.added(new)`, so per-UID consumers (owner indexes) stay right;
/// - an object in the store but not the list is `.deleted` with its last known state.
///
/// Deletions come first, then additions and updates, each in key order, so the result is deterministic.
enum RelistDiff {
    static func events(stored: [ObjectKey: JSONValue], listed: [JSONValue]) -> [InformerEvent] {
        var fresh: [ObjectKey: JSONValue] = [:]
        for object in listed {
            guard let key = ObjectKey(of: object) else { continue }
            fresh[key] = object
        }
        var deletions: [InformerEvent] = []
        for key in stored.keys.sorted() {
            guard let old = stored[key] else { continue }
            if let new = fresh[key] {
                if !old.uid.isEmpty, !new.uid.isEmpty, old.uid != new.uid { deletions.append(.deleted(old)) }
            } else {
                deletions.append(.deleted(old))
            }
        }
        var changes: [InformerEvent] = []
        for key in fresh.keys.sorted() {
            guard let new = fresh[key] else { continue }
            guard let old = stored[key], old.uid.isEmpty || new.uid.isEmpty || old.uid == new.uid else {
                changes.append(.added(new))
                continue
            }
            if new.resourceVersion.isEmpty || old.resourceVersion != new.resourceVersion {
                changes.append(.updated(old: old, new: new))
            }
        }
        return deletions + changes
    }
}
