"""Rendering the chart with Helm's engine and checking every values set against the API server."""
import json
import os
import re

import jsonschema  # scripts/test installs it (pip), as for the Control Center's schema
import yaml

from chartcheck.cluster import CHART, NAMESPACE, PROTECTION, RELEASE, api, fail, kubectl, run, say

class Renderer:
    def __init__(self, binary, work):
        self.binary = binary
        self.versions = os.path.join(work, "api-versions")
        with open(self.versions, "w") as out:
            out.write("\n".join(self.discover()) + "\n")

    @staticmethod
    def discover():
        """The cluster's group/versions and group/version/Kind, as Helm reads them for .Capabilities."""
        entries = []
        paths = ["/api/v1"]
        for group in api("GET", "/apis")["groups"]:
            paths += ["/apis/" + version["groupVersion"] for version in group["versions"]]
        for path in paths:
            listing = api("GET", path)
            group_version = listing["groupVersion"]
            entries.append(group_version)
            entries += sorted({f"{group_version}/{r['kind']}" for r in listing["resources"] if "/" not in r["name"]})
        return entries

    def render(self, *arguments):
        result = run([self.binary, "--release", RELEASE, "--namespace", NAMESPACE, "--api-versions", self.versions,
                      *arguments, CHART], check=False)
        return result


def documents(text):
    return [d for d in yaml.safe_load_all(text) if d]


def check_rendered(name, text, values):
    objects = documents(text)
    if not objects:
        fail(f"{name}: rendered nothing")
    protected = values.get("deletionProtection", True)
    for obj in objects:
        kind, meta = obj.get("kind"), obj.get("metadata", {})
        label = f"{name}: {kind} {meta.get('name')}"
        if kind in ("ClusterRole", "ClusterRoleBinding"):
            check_uninstall_rbac(label, obj)
        elif meta.get("namespace") != NAMESPACE:
            fail(f"{label}: namespace {meta.get('namespace')!r}, not the release namespace")
        has_label = (meta.get("labels") or {}).get(PROTECTION) == "true"
        if has_label != protected:
            fail(f"{label}: {PROTECTION} label {'missing' if protected else 'present'}")
        template = obj.get("spec", {}).get("template", {}).get("metadata", {})
        if PROTECTION in (template.get("labels") or {}):
            fail(f"{label}: the pod template is labelled for deletion protection (rollouts would be refused)")
    return objects


UNINSTALL_NAMES = {"validatingwebhookconfigurations": ["orkestra-admission-validation", "orkestra-deletion-protection"],
                   "mutatingwebhookconfigurations": ["orkestra-admission-mutation"]}


def is_hook(obj):
    return "helm.sh/hook" in ((obj.get("metadata") or {}).get("annotations") or {})


def check_uninstall_rbac(label, obj):
    """The only cluster RBAC the chart may ship (the rest comes from ork generate bundle): the
    uninstall hook's, deleting the gateway's three webhook configurations by name and nothing else."""
    meta = obj.get("metadata", {})
    if (meta.get("annotations") or {}).get("helm.sh/hook") != "post-delete" \
            or (meta.get("labels") or {}).get("app.kubernetes.io/component") != "gateway-uninstall":
        fail(f"{label}: the chart ships cluster RBAC only for its post-delete uninstall hook (ork generate bundle does the rest)")
    if obj["kind"] == "ClusterRoleBinding":
        return
    for rule in obj.get("rules") or []:
        resources = rule.get("resources") or []
        if rule.get("verbs") != ["delete"] or rule.get("apiGroups") != ["admissionregistration.k8s.io"] \
                or len(resources) != 1 or rule.get("resourceNames") != UNINSTALL_NAMES.get(resources[0]):
            fail(f"{label}: rule {rule} is more than deleting the gateway's webhook configurations by name")


def check_chart(renderer, work):
    value_sets = [("default values", [])]
    ci = os.path.join(CHART, "ci")
    for file in sorted(os.listdir(ci)):
        value_sets.append((f"ci/{file}", ["-f", os.path.join(ci, file)]))
    kinds_seen = set()
    for name, arguments in value_sets:
        result = renderer.render(*arguments)
        if result.returncode != 0:
            fail(f"rendering with {name} failed:\n{result.stderr}")
        values = {}
        if arguments:
            with open(arguments[1]) as file:
                values = yaml.safe_load(file) or {}
        objects = check_rendered(name, result.stdout, values)
        kinds_seen |= {o["kind"] for o in objects}
        path = os.path.join(work, re.sub(r"[^a-z0-9]+", "-", name.lower()) + ".yaml")
        with open(path, "w") as out:
            out.write(result.stdout)
        dry = kubectl("apply", "--dry-run=server", "-f", path, check=False)
        if dry.returncode != 0 or "error" in dry.stderr.lower():
            fail(f"the API server refused the chart rendered with {name}:\n{dry.stdout}{dry.stderr}")
        say(f"{name}: {len(objects)} objects ({', '.join(sorted({o['kind'] for o in objects}))}) accepted by the API server (dry-run)")
    say(f"kinds across the value sets: {', '.join(sorted(kinds_seen))}")

    with open(os.path.join(CHART, "values.schema.json")) as file:
        jsonschema.Draft7Validator.check_schema(json.load(file))

    refused = [
        (["--set", "gateway.server.httpsPort=70000"], "httpsPort"),
        (["--set", "runtime.config.logLevel=loud"], "logLevel"),
        (["--set", "runtime.replicas=2"], "replicas"),
        (["--set", "runtime.katalog.existingConfigMap=Not_A_Name"], "existingConfigMap"),
        (["--set", "certManager.enabled=true,gateway.tls.existingSecret=mine"], "existingSecret"),
        (["--set", "runtime.leaderElection.leaseDuration=fifteen"], "leaseDuration"),
        (["--set", "runtime.sharding.enabled=true,runtime.leaderElection.enabled=false"], "runtime.sharding.enabled"),
    ]
    for arguments, field in refused:
        result = renderer.render(*arguments)
        if result.returncode == 0:
            fail(f"values {' '.join(arguments[1:])} were accepted; the schema must refuse them")
        if field not in result.stderr:
            fail(f"refusing {' '.join(arguments[1:])}, the message does not name {field}:\n{result.stderr}")
    say(f"values.schema.json is a valid draft-07 schema and refuses {len(refused)} bad value sets, naming the field")


