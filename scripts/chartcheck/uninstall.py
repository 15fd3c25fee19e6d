"""Step 4: the bundle's rights proven with `kubectl auth can-i`, then `helm uninstall` as Helm runs it:
the release's objects deleted, the gateways stopped cleanly, the post-delete hook run as a Job."""
import os
import time

import yaml

from chartcheck.cluster import NAMESPACE, PROTECTION, RELEASE, api, fail, kubectl, say, tail, wait_for

CONFIGURATIONS = [("validatingwebhookconfigurations", "orkestra-admission-validation"),
                  ("validatingwebhookconfigurations", "orkestra-deletion-protection"),
                  ("mutatingwebhookconfigurations", "orkestra-admission-mutation")]
HOOK_ACCOUNT = f"{RELEASE}-gateway-uninstall"


def can_i(account, verb, resource, namespace=None):
    # A subresource is a flag of its own ("pods --subresource=proxy"): kubectl reads "pods/proxy" as
    # the pod named proxy.
    arguments = ["auth", "can-i", verb, *resource.split(), f"--as=system:serviceaccount:{NAMESPACE}:{account}"]
    if namespace:
        arguments += ["-n", namespace]
    answer = kubectl(*arguments, check=False).stdout.strip()
    if answer not in ("yes", "no"):
        fail(f"kubectl auth can-i {verb} {resource} as {account} answered {answer!r}")
    return answer == "yes"


def expect_rights(account, checks):
    for verb, resource, namespace, allowed in checks:
        if can_i(account, verb, resource, namespace) != allowed:
            where = namespace or "the cluster"
            fail(f"{account} {'cannot' if allowed else 'can'} {verb} {resource} in {where}")
    granted = sum(1 for c in checks if c[3])
    say(f"kubectl auth can-i as {account}: {granted} needed rights granted, {len(checks) - granted} others refused")


def check_bundle_rights():
    """The bundle the chart was installed with, on the real API server, and the chart's shard Role
    (sharding is the chart's default), which adds Lease rights in the release's namespace only."""
    other = "default"
    expect_rights("orkestra-gateway", [
        ("get", "secrets/orkestra-gateway-tls", NAMESPACE, True),
        ("update", "secrets/orkestra-gateway-tls", NAMESPACE, True),
        ("create", "secrets", NAMESPACE, True),
        ("get", "secrets/orkestra-gateway-tls", other, False),
        ("create", "secrets", other, False),
        ("list", "secrets", NAMESPACE, False),
        ("get", "endpoints/orkestra-gateway", NAMESPACE, True),
        ("get", "configmaps/platform-katalog", NAMESPACE, True),
        ("list", "validatingwebhookconfigurations", None, True),
        ("patch", "validatingwebhookconfigurations/orkestra-admission-validation", None, True),
        ("delete", "validatingwebhookconfigurations/orkestra-deletion-protection", None, True),
        ("delete", "mutatingwebhookconfigurations/orkestra-admission-mutation", None, True),
        ("patch", "validatingwebhookconfigurations/someone-elses", None, False),
        ("delete", "mutatingwebhookconfigurations/someone-elses", None, False),
    ])
    expect_rights("orkestra-runtime", [
        ("create", "leases.coordination.k8s.io", NAMESPACE, True),
        ("update", "leases.coordination.k8s.io/orkestra-runtime", NAMESPACE, True),
        # In the release's namespace the chart's shard Role (sharding is the chart's default) grants
        # update and delete on every Lease (members' names are not known in advance): elsewhere none.
        ("update", "leases.coordination.k8s.io/someone-elses", NAMESPACE, True),
        ("update", "leases.coordination.k8s.io/someone-elses", other, False),
        ("delete", "leases.coordination.k8s.io/someone-elses", other, False),
        ("get", "leases.coordination.k8s.io/orkestra-runtime", "kube-system", False),
        ("create", "leases.coordination.k8s.io", other, False),
    ])
    # What `ork control --context` needs, in the release's namespace only (scripts/chartcheck/control.py
    # polls with this ServiceAccount's token).
    expect_rights("orkestra-control-center", [
        ("list", "services", NAMESPACE, True),
        ("list", "pods", NAMESPACE, True),
        ("get", "pods --subresource=proxy", NAMESPACE, True),
        ("get", "/katalog", None, True),
        ("get", "/katalog/database", None, True),
        ("create", "pods --subresource=proxy", NAMESPACE, False),
        ("get", "services --subresource=proxy", NAMESPACE, False),
        ("get", "pods --subresource=proxy", other, False),
        ("list", "pods", other, False),
        ("get", "secrets", NAMESPACE, False),
        ("create", "/katalog", None, False),
    ])


def remaining_configurations():
    return [name for resource, name in CONFIGURATIONS
            if api("GET", f"/apis/admissionregistration.k8s.io/v1/{resource}/{name}", allow=(404,)) is not None]


def release_pods(component):
    selector = f"app.kubernetes.io%2Finstance%3D{RELEASE},app.kubernetes.io%2Fcomponent%3D{component}"
    return api("GET", f"/api/v1/namespaces/{NAMESPACE}/pods?labelSelector={selector}")["items"]


def check_uninstall(kubelet, work):
    install = os.path.join(work, "install.yaml")
    gateways = [p["metadata"]["name"] for p in release_pods("gateway")]
    logs = {name: os.path.join(work, "pods", name, "container.0.log") for name in gateways}
    if len(remaining_configurations()) == 0:
        fail("no webhook configuration is registered before the uninstall")

    # helm uninstall: the protection label off first (docs), then the release's objects deleted.
    kubectl("label", "-f", install, f"{PROTECTION}-", "--overwrite")
    kubectl("delete", "-f", install, "--wait=false")
    began = time.monotonic()
    wait_for("the gateway and runtime pods to stop", lambda: not release_pods("gateway") and not release_pods("runtime"), 120)
    left = remaining_configurations()
    if left:
        fail(f"after the last gateway replica stopped cleanly, {left} remain\n"
             + "\n".join(f"--- {n}\n{tail(p, 8)}" for n, p in logs.items()))
    decisions = []
    for name, path in logs.items():
        text = tail(path, 40)
        decisions.append(f"{name}: " + ("removed" if "no other gateway replica serves" in text else
                                        "kept (another served)" if "keeping the webhook configurations" in text else "?"))
    if any(d.endswith("?") for d in decisions):
        # A replica that logged no decision was killed before it made one (the check has a 10 s
        # deadline inside the 30 s grace period), which the clean stop must never need.
        fail(f"a gateway replica stopped without deciding about the webhook configurations ({'; '.join(decisions)})\n"
             + "\n".join(f"--- {n}\n{tail(p, 12)}" for n, p in logs.items()))
    say(f"release deleted; gateways stopped with SIGTERM in {time.monotonic() - began:.1f} s, no webhook "
        f"configuration left ({'; '.join(decisions)})")

    # A configuration a replica killed without a clean stop would leave behind.
    api("POST", "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", {
        "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
        "metadata": {"name": "orkestra-deletion-protection",
                     "labels": {"app.kubernetes.io/managed-by": "orkestra-gateway"}}, "webhooks": []})

    # The post-delete hook, in weight order: its ServiceAccount and RBAC, then the Job.
    with open(os.path.join(work, "hooks.yaml")) as file:
        hooks = [d for d in yaml.safe_load_all(file) if d]
    weight = lambda o: int(o["metadata"]["annotations"].get("helm.sh/hook-weight", "0"))
    for group in sorted({weight(o) for o in hooks}):
        path = os.path.join(work, f"hooks{group}.yaml")
        with open(path, "w") as out:
            yaml.safe_dump_all([o for o in hooks if weight(o) == group], out)
        kubectl("apply", "-f", path)
    expect_rights(HOOK_ACCOUNT, [
        ("delete", "validatingwebhookconfigurations/orkestra-admission-validation", None, True),
        ("delete", "validatingwebhookconfigurations/orkestra-deletion-protection", None, True),
        ("delete", "mutatingwebhookconfigurations/orkestra-admission-mutation", None, True),
        ("list", "pods", NAMESPACE, True),
        ("delete", "validatingwebhookconfigurations/someone-elses", None, False),
        ("create", "validatingwebhookconfigurations", None, False),
        ("list", "pods", "default", False),
        ("get", "secrets", NAMESPACE, False),
    ])

    def succeeded():
        job = api("GET", f"/apis/batch/v1/namespaces/{NAMESPACE}/jobs/{HOOK_ACCOUNT}", allow=(404,)) or {}
        status = job.get("status", {})
        if status.get("failed"):
            pods = release_pods("gateway-uninstall")
            fail(f"the uninstall hook Job failed: {status}\n"
                 + "\n".join(tail(os.path.join(work, "pods", p["metadata"]["name"], "container.0.log")) for p in pods))
        return status.get("succeeded")
    wait_for("the uninstall hook Job to succeed", succeeded, 90)
    left = remaining_configurations()
    if left:
        fail(f"the uninstall hook succeeded but {left} remain")
    pod = release_pods("gateway-uninstall")[0]
    container = pod["spec"]["containers"][0]
    say(f"post-delete hook: Job {HOOK_ACCOUNT} ran {container['image']} {' '.join(container['args'][:1])} as "
        f"ServiceAccount {pod['spec']['serviceAccountName']}, removed the leftover configuration; none remains")
    kubectl("delete", "-f", os.path.join(work, "hooks.yaml"), "--wait=false", check=False)
