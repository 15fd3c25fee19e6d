"""Step 5: sharding switched off and on again on the running release, as the chart's README says.
Off: the release is scaled to one replica with sharding still on (the leaving member drains its
buckets to the one left, which then holds them all), then upgraded with runtime.sharding.enabled=false:
two replicas without sharding, one leader and one standby, the leader reconciling a new Database;
the chart's shard Role goes, as Helm would delete it. On: the chart with three sharding replicas
(charts/orkestra/ci/sharding-values.yaml) upgraded onto that, with the install's bundle (no
`--sharding`): the chart's own Role grants the shard Leases. The Deployment rolls to three replicas
that each hold a shard Lease, one coordinator whose view counts every Database, each Database and its
StatefulSet labelled with its bucket, which the ring's table gives to a live member, the StatefulSet
written by a member at an epoch (`member@epoch`); the Lease rights stay in the release's namespace."""
import os

import yaml

from chartcheck.cluster import KUBE, NAMESPACE, PROTECTION, RELEASE, ROOT, api, fail, http_get, kubectl, say, wait_for
from chartcheck.render import documents, is_hook
from chartcheck.uninstall import expect_rights
from checkkit.shards import WRITER, bucket_label, table_of

ADMIN = KUBE["ORK_KUBE_TOKEN"]
RING = "shard.orkestra.orkspace.io/ring"
VALUES = os.path.join(ROOT, "charts/orkestra/ci/sharding-values.yaml")
INSTALL = "runtime.katalog.existingConfigMap=platform-katalog"


def upgrade(renderer, work, name, *arguments):
    """The chart rendered with `arguments` and applied onto the release (its hooks left out, as Helm)."""
    rendered = renderer.render(*arguments)
    if rendered.returncode != 0:
        fail(f"rendering {name} failed:\n{rendered.stderr}")
    path = os.path.join(work, f"{name}.yaml")
    with open(path, "w") as out:
        yaml.safe_dump_all([o for o in documents(rendered.stdout) if not is_hook(o)], out)
    kubectl("apply", "-f", path)


def runtime_answers(kubelet, pods_of, count):
    """The release's `count` runtime pods (no more, no fewer), once each is Ready, with its /katalog."""
    if kubelet.errors:
        fail(kubelet.errors[0])
    pods = [p for p in pods_of(kubelet, "-runtime-") if p.spec]
    if len(pods) != count or not all(p.ready for p in pods):
        return None
    answers = [http_get(f"http://{p.ip}:8080/katalog", token=ADMIN)[1] for p in pods]
    return list(zip(pods, answers)) if all(isinstance(a, dict) for a in answers) else None


def check_sharding_off(renderer, kubelet, work, pods_of, reconcile):
    upgrade(renderer, work, "one-sharded-replica", "--set", INSTALL + ",runtime.replicaCount=1")

    def alone():
        answers = runtime_answers(kubelet, pods_of, 1)
        if not answers or answers[0][0].spec["env"].get("ORK_SHARDING") != "on":
            return None
        pod, answer = answers[0]
        shards = answer.get("shards")
        if not shards or not shards["coordinator"] or shards["unassigned"] or shards["draining"]:
            return None
        live = [m["id"] for m in shards["members"] if m["live"]]
        return (pod, shards) if live == [shards["member"]] else None
    pod, shards = wait_for("one sharded runtime replica left, coordinating, the ring's only live member", alone, 120)
    say(f"scaled to one replica with sharding on: {pod.name} coordinates and is the ring's only live member")

    # The shard Role leaves the release: its deletion-protection label off first, as the README says
    # (the gateway refuses deleting a labelled object), then deleted as Helm's upgrade would.
    role = f"{RELEASE}-runtime-shards"
    kubectl("label", "role,rolebinding", role, "-n", NAMESPACE, f"{PROTECTION}-")
    upgrade(renderer, work, "sharding-off", "--set", INSTALL + ",runtime.sharding.enabled=false")
    kubectl("delete", "role,rolebinding", role, "-n", NAMESPACE)

    def unsharded():
        answers = runtime_answers(kubelet, pods_of, 2)
        if not answers or any("ORK_SHARDING" in p.spec["env"] or a.get("shards") is not None for p, a in answers):
            return None
        leaders = [p.name for p, a in answers if a.get("leader", {}).get("isLeader")]
        return leaders[0] if len(leaders) == 1 else None
    leader = wait_for("two runtime replicas without sharding, one leader and one standby", unsharded, 180)
    reconcile("unsharded-db")
    say(f"upgraded with sharding off: two replicas, {leader} leads and reconciled Database unsharded-db, "
        f"the other stands by; the shard Role is gone")


def check_sharding(renderer, kubelet, work, pods_of):
    upgrade(renderer, work, "sharding", "-f", VALUES)

    def sharding_replicas():
        if kubelet.errors:
            fail(kubelet.errors[0])
        pods = [p for p in pods_of(kubelet, "-runtime-") if p.ready and p.spec
                and p.spec["env"].get("ORK_SHARDING") == "on"]
        if len(pods) != 3:
            return None
        answers = [http_get(f"http://{p.ip}:8080/katalog", token=ADMIN)[1] for p in pods]
        views = [a.get("shards") if isinstance(a, dict) else None for a in answers]
        if not all(views) or sum(1 for v in views if v["coordinator"]) != 1:
            return None
        members = {v["member"] for v in views}
        if any({m["id"] for m in v["members"] if m["live"]} != members for v in views):
            return None
        return pods, views
    pods, views = wait_for("three runtime replicas with sharding on, each a live member, one coordinator",
                           sharding_replicas, 180)
    members = {v["member"] for v in views}
    # The install's bundle (no --sharding) and the chart's Role `<release>-runtime-shards`, which this
    # upgrade created again: every member holds its Lease, so the rights are in force.
    expect_rights("orkestra-runtime", [
        ("create", "leases.coordination.k8s.io", NAMESPACE, True),
        ("update", "leases.coordination.k8s.io/orkestra-runtime-shard-any", NAMESPACE, True),
        ("delete", "leases.coordination.k8s.io/orkestra-runtime-shard-any", NAMESPACE, True),
        ("watch", "leases.coordination.k8s.io", NAMESPACE, True),
        ("create", "leases.coordination.k8s.io", "default", False),
        ("update", "leases.coordination.k8s.io/orkestra-runtime", "kube-system", False),
        ("delete", "leases.coordination.k8s.io/orkestra-runtime-shard-any", "default", False),
    ])

    databases = api("GET", f"/apis/platform.orkestra.io/v1/namespaces/{NAMESPACE}/databases")["items"]

    def assigned():
        coordinator = next((v for v in (sharding_replicas() or (None, []))[1] if v["coordinator"]), None)
        if coordinator is None:
            return None
        counted = sum(m["crs"] or 0 for m in coordinator["members"])
        if coordinator["unassigned"] != 0 or counted != len(databases):
            return None
        table = api("GET", f"/apis/coordination.k8s.io/v1/namespaces/{NAMESPACE}/leases/orkestra-runtime-shards",
                    allow=(404,)) or {}
        entries = table_of(table)
        if entries is None:
            return None
        owners = {}
        for database in api("GET", f"/apis/platform.orkestra.io/v1/namespaces/{NAMESPACE}/databases")["items"]:
            name = database["metadata"]["name"]
            bucket = bucket_label(database["metadata"])
            entry = entries[bucket] if bucket is not None else None
            owner = entry[0] if entry and entry[2] == "owned" else None
            child = api("GET", f"/apis/apps/v1/namespaces/{NAMESPACE}/statefulsets/{name}", allow=(404,)) or {}
            metadata = child.get("metadata", {})
            writer = metadata.get("annotations", {}).get(WRITER, "")
            # A bucket that moved after the write keeps its writer (a move rewrites nothing).
            if owner not in members or bucket_label(metadata) != bucket or "@" not in writer:
                return None
            owners[name] = (owner, writer)
        return coordinator, owners
    coordinator, owners = wait_for("every Database and StatefulSet labelled with a bucket a live member holds",
                                   assigned, 120)
    leases = api("GET", f"/apis/coordination.k8s.io/v1/namespaces/{NAMESPACE}/leases?labelSelector={RING}%3Dplatform")
    holders = sorted(lease["spec"].get("holderIdentity", "") for lease in leases["items"])
    if not members <= set(holders):
        fail(f"the shard Leases are held by {holders}, not by every member {sorted(members)}")
    say(f"sharding on ({os.path.relpath(VALUES, ROOT)}): 3 runtime replicas, members {sorted(members)}, "
        f"coordinator {coordinator['member']} counting {len(databases)} Databases; "
        + ", ".join(f"{name} held by {owner}, written by {writer}" for name, (owner, writer) in sorted(owners.items()))
        + f"; {len(leases['items'])} Leases of the ring (the members' and the table)")
