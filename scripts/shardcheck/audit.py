"""The audit of every recorded write of the children: per ConfigMap, in resourceVersion order, the
epoch of its `writer` annotation never decreases, each epoch is written by one member only, the
ConfigMap carries its Tile's bucket, and each writer@epoch was an assignment of that bucket in the
table (as recorded from the table Lease's every version)."""
from collections import defaultdict

from .cluster import bucket_of, fail, say


def parse_writer(writer):
    member, _, epoch = writer.rpartition("@")
    try:
        return member, int(epoch)
    except ValueError:
        return member, None


def audit(table_events, configmap_events, namespace, limit=20):
    """Returns (violations, stats)."""
    assignments = defaultdict(set)  # bucket → {(member, epoch)}
    for _, kind, table in table_events:
        if kind != "DELETED" and table["entries"]:
            for bucket, entry in enumerate(table["entries"]):
                if entry:
                    assignments[bucket].add((entry[0], entry[1]))
    by_object = defaultdict(list)
    for version, kind, configmap in configmap_events:
        if kind != "DELETED" and configmap["name"].endswith("-tile") and configmap["writer"]:
            by_object[configmap["name"]].append((version, configmap))
    violations = []
    writes = handed_over = 0
    most_epochs = 0
    for name, history in sorted(by_object.items()):
        bucket = bucket_of(namespace, name[: -len("-tile")])
        history.sort(key=lambda entry: entry[0])
        highest, highest_at = None, None
        writers = defaultdict(set)
        for version, configmap in history:
            writes += 1
            member, epoch = parse_writer(configmap["writer"])
            if epoch is None:
                violations.append(f"{name}@{version}: writer {configmap['writer']!r} has no epoch")
                continue
            if highest is not None and epoch < highest:
                violations.append(f"{name}@{version}: written by {member} at epoch {epoch} after epoch {highest} "
                                  f"(at resourceVersion {highest_at}): the epoch went back")
            if highest is None or epoch > highest:
                highest, highest_at = epoch, version
            writers[epoch].add(member)
            if configmap["bucket"] != bucket:
                violations.append(f"{name}@{version}: bucket label {configmap['bucket']!r}, the Tile's bucket is {bucket}")
            if (member, epoch) not in assignments[bucket]:
                violations.append(f"{name}@{version}: writer {member}@{epoch} was never the assignment of bucket {bucket} "
                                  f"(recorded: {sorted(assignments[bucket], key=lambda a: a[1])[-4:]})")
        for epoch, members in writers.items():
            if len(members) > 1:
                violations.append(f"{name}: epoch {epoch} written by {len(members)} members: {sorted(members)}")
        if len({member for members in writers.values() for member in members}) > 1:
            handed_over += 1
        most_epochs = max(most_epochs, len(writers))
    stats = {"objects": len(by_object), "writes": writes, "handed_over": handed_over, "most_epochs": most_epochs,
             "table_events": len(table_events), "configmap_events": len(configmap_events)}
    return violations, stats


def check_audit(table, configmaps, namespace, what):
    """Fails with the first violations; says what the audit covered."""
    if table.gaps or configmaps.gaps:
        fail(f"{what}: the watches lost events ({table.gaps} + {configmaps.gaps} relists after 410 Gone): "
             f"the audit would be incomplete")
    with table.lock, configmaps.lock:
        table_events, configmap_events = list(table.events), list(configmaps.events)
    violations, stats = audit(table_events, configmap_events, namespace)
    if violations:
        shown = "\n  ".join(violations[:20])
        fail(f"{what}: {len(violations)} violations of single-writer-per-epoch over {stats['writes']} writes:\n  {shown}")
    say(f"{what}: {stats['writes']} child writes of {stats['objects']} ConfigMaps audited ({stats['configmap_events']} "
        f"ConfigMap and {stats['table_events']} table events recorded): per object the writer's epoch never went back, "
        f"each epoch had one writer, each writer@epoch was its bucket's assignment; {stats['handed_over']} objects were "
        f"written by more than one member over time (up to {stats['most_epochs']} epochs)")
    return stats
