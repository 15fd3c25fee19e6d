"""`ork control --context` against the installed chart: the Control Center reaches each runtime and
gateway pod through the API server's pod proxy, with the user's own credentials
(forwarded to the runtime's and the gateway's API authentication), and says which right a user lacks.

Three contexts in one kubeconfig, all on this control plane and in the release's namespace (the one
a context's credential is forwarded into): `admin` (the API server's admin), `cc` (a token of the
bundle's `orkestra-control-center` ServiceAccount: exactly the rights the Control Center needs) and
`viewer` (a ServiceAccount token with list on services and pods in the release namespace only, no
pods/proxy and no right on the runtimes' API).
"""
import json
import os

import jsonschema

from chartcheck.cluster import KUBE, NAMESPACE, ROOT, api, fail, http_get, kubectl, run, say, wait_for

VIEWER = "ork-control-viewer"
CONTROL_CENTER = "orkestra-control-center"  # the bundle's ServiceAccount for the Control Center


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
    return service_account_token(VIEWER)


def service_account_token(account):
    """A token of a ServiceAccount in NAMESPACE from the TokenRequest API (what `kubectl create token` calls)."""
    answer = api("POST", f"/api/v1/namespaces/{NAMESPACE}/serviceaccounts/{account}/token",
                 {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {"expirationSeconds": 600}})
    return answer["status"]["token"]


def kubeconfig(work, tokens):
    path = os.path.join(work, "control-kubeconfig")
    config = {
        "apiVersion": "v1", "kind": "Config", "current-context": "admin",
        "clusters": [{"name": "local", "cluster": {"server": KUBE["ORK_KUBE_SERVER"], "certificate-authority": KUBE["ORK_KUBE_CA"]}}],
        "users": [{"name": name, "user": {"token": token}} for name, token in tokens.items()],
        "contexts": [{"name": name, "context": {"cluster": "local", "user": name, "namespace": NAMESPACE}} for name in tokens],
    }
    with open(path, "w") as out:
        json.dump(config, out)
    return path


def snapshot(ork, path):
    result = run([ork, "control", "--kubeconfig", path, "--context", "admin", "--context", "cc", "--context", "viewer",
                  "--once", "--format", "json", "--timeout", "5s"], check=False)
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


def check_control(ork, work, runtime_pods, gateway_pods):
    try:
        viewer, control_center = viewer_token(), service_account_token(CONTROL_CENTER)
        check_api_authentication(runtime_pods, gateway_pods, control_center, viewer)
        path = kubeconfig(work, {"admin": KUBE["ORK_KUBE_TOKEN"], "cc": control_center, "viewer": viewer})
        check_contexts(ork, path, gateway_pods)
    finally:
        kubectl("delete", "serviceaccount,role,rolebinding", VIEWER, "-n", NAMESPACE, "--ignore-not-found", check=False)


def check_api_authentication(runtime_pods, gateway_pods, control_center, viewer):
    """The runtime's and the gateway's /katalog: the Control Center's ServiceAccount is answered, a
    token whose user lacks the right refused 403 (anonymous callers get 401: chart-check's install step)."""
    def answer(url, token):
        """The status, once it is the runtime's own verdict: not 0 (no answer in time), 503 (its
        TokenReview or SubjectAccessReview could not be made) or 429 (too many in flight)."""
        def settled():
            status, document = http_get(url, timeout=8, token=token)
            return (status, document) if status not in (0, 503, 429) else None
        return wait_for(f"{url} to decide on a token", settled, 60)

    for component, pod in (("runtime", runtime_pods[0]), ("gateway", gateway_pods[0])):
        status, document = answer(f"http://{pod.ip}:8080/katalog", control_center)
        if status != 200 or not isinstance(document, dict):
            fail(f"the {component}'s /katalog answered {status} to the {CONTROL_CENTER} ServiceAccount's token, not 200")
        status, _ = answer(f"http://{pod.ip}:8080/katalog", viewer)
        if status != 403:
            fail(f"the {component}'s /katalog answered {status} to a token without the right ({VIEWER}), not 403")
    say(f"API authentication: /katalog answers the {CONTROL_CENTER} ServiceAccount's token (200) and refuses "
        f"{VIEWER}'s, which lacks get on /katalog (403), on the runtime and the gateway")


def check_contexts(ork, path, gateway_pods):
    # Both runtime replicas and both gateway pods answer `admin` and `cc` through the proxy; the fleet
    # views may still be settling on a loaded machine, so the whole picture is awaited.
    expected_pods = sorted(p.name for p in gateway_pods)

    def answered(document, context):
        cluster = [c for c in document["clusters"] if c["context"] == context]
        runtimes = [r for r in document["runtimes"] if r["context"] == context]
        gateways = [g for g in document["gateways"] if g["context"] == context]
        # One row per runtime replica (each through its own pod proxy): the leader and the member.
        if not cluster or cluster[0]["state"] != "ok" or len(runtimes) != 2 or any(r["katalog"] is None for r in runtimes):
            return False
        return sorted(g["pod"] for g in gateways) == expected_pods and all(g["fleet"] is not None for g in gateways)

    def complete():
        document = snapshot(ork, path)
        return document if answered(document, "admin") and answered(document, "cc") else None
    document = wait_for("ork control --context admin --context cc to show both runtime and both gateway replicas through "
                        "the proxy", complete, 60)
    for context in ("admin", "cc"):
        check_replicas(document, context)
    check_viewer(document)

def check_replicas(document, context):
    cluster = next(c for c in document["clusters"] if c["context"] == context)
    runtimes = [r for r in document["runtimes"] if r["context"] == context]
    # The chart shards by default: every replica reconciles its share, the leader coordinates.
    if sorted(r["role"] for r in runtimes) != ["leader", "member"]:
        fail(f"{context}: the runtime replicas' roles are {[r['role'] for r in runtimes]}, not one leader and one member")
    for runtime in runtimes:
        if f"/pods/{runtime['pod']}" not in runtime["url"].replace("%3A", ":") or runtime["service"] != "orkestra-runtime":
            fail(f"{context}: runtime replica {runtime['pod']} was not polled through its own pod proxy: {runtime['url']}")
        if runtime["katalog"].get("name") != "platform":
            fail(f"{context}: the proxied /katalog is not the platform Katalog: {runtime['katalog'].get('name')}")
    gateways = [g for g in document["gateways"] if g["context"] == context]
    for gateway in gateways:
        if f"/pods/{gateway['pod']}" not in gateway["url"].replace("%3A", ":"):
            fail(f"{context}: gateway replica {gateway['pod']} was not polled through its own pod proxy: {gateway['url']}")
        if sorted(gateway["advertisedBy"]) != sorted(r["url"] for r in runtimes):
            fail(f"{context}: gateway replica {gateway['pod']} is not attached to the runtimes of its release")
        own = [r for r in gateway["fleet"]["replicas"] if r["pod"]["name"] == gateway["pod"]]
        if gateway["fleet"]["pod"]["name"] != gateway["pod"] or not own:
            fail(f"{context}: the answer through {gateway['pod']}'s pod proxy came from {gateway['fleet']['pod']['name']}")
    say(f"ork control --context {context}: {cluster['version']}, runtime replicas {', '.join(sorted(r['pod'] for r in runtimes))} "
        f"(leader and member) and gateway replicas {', '.join(sorted(g['pod'] for g in gateways))}, each through its own pod "
        f"proxy (Katalog platform; API authentication passed with the forwarded token)")


def check_viewer(document):
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
    say(f"ork control --context viewer (list only): \"{denied[0]['detail'][:110]}…\"; the admin and cc contexts kept working")
