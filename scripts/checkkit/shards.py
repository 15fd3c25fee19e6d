"""Sharding's records as the runtime writes them (docs/runtime.md "Sharding"), read by the checks:
a CR's bucket and the ring's table (the annotation of the Lease `<leaseName>-shards`)."""

BUCKET = "shard.orkestra.orkspace.io/bucket"
WRITER = "shard.orkestra.orkspace.io/writer"  # on a child: member@epoch
TABLE = "shard.orkestra.orkspace.io/buckets"
BUCKETS = 1024


def bucket_of(group, kind, namespace, name):
    """A CR's bucket as the runtime computes it (ShardBuckets): FNV-1a 64 of group/kind/namespace/name,
    MurmurHash3's fmix64, the top 10 bits."""
    mask = (1 << 64) - 1
    value = 0xcbf29ce484222325
    for byte in f"{group}/{kind}/{namespace}/{name}".encode():
        value = ((value ^ byte) * 0x100000001b3) & mask
    value ^= value >> 33
    value = (value * 0xff51afd7ed558ccd) & mask
    value ^= value >> 33
    value = (value * 0xc4ceb9fe1a85ec53) & mask
    value ^= value >> 33
    return value >> 54


def bucket_label(metadata):
    """The bucket label's value as a bucket, or None."""
    value = (metadata.get("labels") or {}).get(BUCKET, "")
    return int(value) if value.isdigit() and int(value) < BUCKETS else None


def parse_table(text):
    """The table annotation's entries, one per bucket: None or (member, epoch, phase); None if unreadable."""
    parts = (text or "").split(";")
    if len(parts) != 4 or parts[0] != "1":
        return None
    members = parts[2].split(",") if parts[2] else []
    entries = []
    for cell in parts[3].split(","):
        if not cell:
            entries.append(None)
            continue
        phase = {"d": "draining", "r": "released"}.get(cell[-1], "owned")
        index, _, epoch = (cell[:-1] if phase != "owned" else cell).partition(".")
        if not index.isdigit() or int(index) >= len(members) or not epoch.isdigit():
            return None
        entries.append((members[int(index)], int(epoch), phase))
    return entries if len(entries) == BUCKETS else None


def table_of(lease):
    """The entries of a table Lease (None when it has no readable table)."""
    return parse_table(((lease or {}).get("metadata") or {}).get("annotations", {}).get(TABLE))
