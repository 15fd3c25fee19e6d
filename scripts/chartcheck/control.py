"""`ork control --context` against the installed chart: the Control Center reaches each runtime and
gateway pod through the API server's pod proxy, with the user's own credentials
(forwarded to the runtime's and the gateway's API authentication), and says which right a user lacks.

Two contexts in one kubeconfig, both on this control plane: `admin` (the API server's admin; the
context's namespace is the release's, the one its credential is forwarded into) and `viewer` (a ServiceAccount token with list on services and pods in the release namespace only, and
no pods/proxy).
"""
import json
import os

import jsonschema

from chartcheck.cluster import KUBE, NAMESPACE, ROOT, api, fail, kubectl, run, say, wait_for

VIEWER = "ork-control-viewer"


def viewer_token():
    """A ServiceAccount that may list Services and pods in NAMESPACE and nothing else; its token
    from the TokenRequest API (what `kubectl create token` calls)."""
    kubectl("apply", "-f", "-", input=f"""
apiVersion: v1
kind: ServiceAccount
metadata: {{name: {VIEWER}, namespace: {NAMESPACE}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {{name: {VIEWER}, namespace: {NAMESPACE}}}
rules:
  - {{apiGroups: [""], resources: [services, pods], verbs: [list]}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {{name: {VIEWER}, namespace: {NAMESPACE}}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: {VIEWER}}}
subjects: [{{kind: ServiceAccount, name: {VIEWER}, namespace: {NAMESPACE}}}]
""")
    answer = api("POST", f"/api/v1/namespaces/{NAMESPACE}/serviceaccounts/{VIEWER}/token",
                 {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {"expirationSeconds": 600}})
    return answer["status"]["token"]


def kubeconfig(work, token):
    path = os.path.join(work, "control-kubeconfig")
    config = {
        "apiVersion": "v1", "kind": "Config", "current-context": "admin",
        "clusters": [{"name": "local", "cluster": {"server": KUBE["ORK_KUBE_SERVER"], "certificate-authority": KUBE["ORK_KUBE_CA"]}}],
        "users": [{"name": "admin", "user": {"token": KUBE["ORK_KUBE_TOKEN"]}}, {"name": "viewer", "user": {"token": token}}],
        "contexts": [{"name": "admin", "context": {"cluster": "local", "user": "admin", "namespace": NAMESPACE}},
                     {"name": "viewer", "context": {"cluster": "local", "user": "viewer", "namespace": NAMESPACE}}],
    }
    with open(path, "w") as out:
        json.dump(config, out)
    return path


def snapshot(ork, path):
    result = run([ork, "control", "--kubeconfig", path, "--context", "admin", "--context", "viewer", "--once", "--format", "json",
                  "--timeout", "5s"], check=False)
    if result.returncode != 0:
        fail(f"ork control --context exited {result.returncode}:\n{result.stdout}{result.stderr}")
    document = json.loads(result.stdout)
    with open(os.path.join(ROOT, "docs/control-once.schema.json")) as handle:
        try:
            jsonschema.validate(document, json.load(handle))
        except jsonschema.ValidationError as error:
            fail(f"ork control --once --format json does not match docs/control-once.schema.json: {error.message} "
                 f"at {list(error.absolute_path)}")
    return document


def check_control(ork, work, gateway_pods):
    try:
        check_contexts(ork, kubeconfig(work, viewer_token()), gateway_pods)
    finally:
        kubectl("delete", "serviceaccount,role,rolebinding", VIEWER, "-n", NAMESPACE, "--ignore-not-found", check=False)


def check_contexts(ork, path, gateway_pods):
    # The runtime's Service and both gateway pods answer the admin through the proxy; the fleet
    # views may still be settling on a loaded machine, so the whole picture is awaited.
    expected_pods = sorted(p.name for p in gateway_pods)

    def complete():
        document = snapshot(ork, path)
        admin = [c for c in document["clusters"] if c["context"] == "admin"]
        runtimes = [r for r in document["runtimes"] if r["context"] == "admin"]
        gateways = [g for g in document["gateways"] if g["context"] == "admin"]
        # One row per runtime replica (each through its own pod proxy): the leader and the standby.
        if not admin or admin[0]["state"] != "ok" or len(runtimes) != 2 or any(r["katalog"] is None for r in runtimes):
            return None
        if sorted(g["pod"] for g in gateways) != expected_pods or any(g["fleet"] is None for g in gateways):
            return None
        return document
    document = wait_for("ork control --context admin to show both runtime and both gateway replicas through the proxy", complete, 60)
    admin = next(c for c in document["clusters"] if c["context"] == "admin")
    runtimes = [r for r in document["runtimes"] if r["context"] == "admin"]
    if sorted(r["role"] for r in runtimes) != ["leader", "standby"]:
        fail(f"the runtime replicas' roles are {[r['role'] for r in runtimes]}, not one leader and one standby")
    for runtime in runtimes:
        if f"/pods/{runtime['pod']}" not in runtime["url"].replace("%3A", ":") or runtime["service"] != "orkestra-runtime":
            fail(f"runtime replica {runtime['pod']} was not polled through its own pod proxy: {runtime['url']}")
        if runtime["katalog"].get("name") != "platform":
            fail(f"the proxied /katalog is not the platform Katalog: {runtime['katalog'].get('name')}")
    gateways = [g for g in document["gateways"] if g["context"] == "admin"]
    for gateway in gateways:
        if f"/pods/{gateway['pod']}" not in gateway["url"].replace("%3A", ":"):
            fail(f"gateway replica {gateway['pod']} was not polled through its own pod proxy: {gateway['url']}")
        if sorted(gateway["advertisedBy"]) != sorted(r["url"] for r in runtimes):
            fail(f"gateway replica {gateway['pod']} is not attached to the runtimes of its release")
        own = [r for r in gateway["fleet"]["replicas"] if r["pod"]["name"] == gateway["pod"]]
        if gateway["fleet"]["pod"]["name"] != gateway["pod"] or not own:
            fail(f"the answer through {gateway['pod']}'s pod proxy came from {gateway['fleet']['pod']['name']}")
    say(f"ork control --context admin: {admin['version']}, runtime replicas {', '.join(sorted(r['pod'] for r in runtimes))} "
        f"(leader and standby) and gateway replicas {', '.join(sorted(g['pod'] for g in gateways))}, each through its own pod "
        f"proxy (Katalog platform; API authentication passed with the forwarded token)")

    # The viewer may list but not proxy: the runtime row says which right is missing, and where;
    # the admin context is unaffected.
    viewer = next(c for c in document["clusters"] if c["context"] == "viewer")
    denied = [r for r in document["runtimes"] if r["context"] == "viewer"]
    want = f"forbidden: needs get on pods/proxy in namespace {NAMESPACE}"
    if viewer["state"] not in ("ok", "degraded") or len(denied) != 2 or not all(want in (r["detail"] or "") for r in denied):
        fail(f"the viewer context does not show the missing pods/proxy right: cluster {viewer}, runtimes {denied}")
    replicas = [g for g in document["gateways"] if g["context"] == "viewer"]
    if not replicas or not all("forbidden: needs get on pods/proxy in namespace " + NAMESPACE in (g["detail"] or "") for g in replicas):
        fail(f"the viewer's gateway replicas do not show the missing pods/proxy right: {replicas}")
    say(f"ork control --context viewer (list only): \"{denied[0]['detail'][:110]}…\"; the admin context kept working")
