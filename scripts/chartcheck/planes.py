"""Two clusters, each with the chart installed, in one Control Center: `ork control --context one
--context two` in a pseudo-terminal (read back with pyte), no URL and no port-forward given, shows
both clusters, the runtime replicas and all four gateway replicas with their own counters, and drills
through the API server's pod proxy to a CR's child tree.

The second cluster is a second scripts/kube-local instance; chart-check installs the chart on it by
running itself as a second process (ORK_CHART_PLANE=two) that installs, reconciles a Database, writes
what it installed to a file and holds until its stdin closes.
"""
import json
import os
import re
import signal
import subprocess
import sys
import threading

from chartcheck.cluster import ABANDONED, KUBE, NAMESPACE, ROOT, fail, plane_overrides, say, tail, wait_for
from ptyscreen import Terminal, TerminalFailure


class SecondPlane:
    """chart-check on the second control plane, started at once so it installs while this one checks;
    in its own session, so nothing it starts outlives a forced stop."""

    def __init__(self, arguments, work):
        self.ready_file = os.path.join(work, "plane-two.json")
        self.log = os.path.join(work, "plane-two.log")
        environment = dict(os.environ, ORK_CHART_PLANE="two", ORK_CHART_READY=self.ready_file)
        with open(self.log, "w") as log:
            self.process = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "chart-check"), *arguments],
                                            stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, env=environment,
                                            start_new_session=True)
        self.installed = None

    def ready(self):
        """What the second plane installed: {"runtime": [pod names], "leader": name, "gateway": [...],
        "database": name, "kube": its API server's address, CA and admin token}, once it has."""
        def done():
            if os.path.exists(self.ready_file):
                with open(self.ready_file) as handle:
                    return json.load(handle)
            if self.process.poll() is not None:
                fail(f"chart-check on the second control plane exited {self.process.returncode}:\n{tail(self.log, 40)}")
            return None
        if self.installed is None:
            # A first run starts the second control plane from nothing (certificates, etcd).
            self.installed = wait_for("the chart installed on the second control plane", done, 600)
        return self.installed

    def release(self):
        """Tells the second plane to clean up (its stdin ends), without waiting for it."""
        try:
            self.process.stdin.close()
        except OSError:
            pass

    def stop(self):
        """Waits for the second plane's clean-up (SIGTERM, then SIGKILL of its whole session if it
        hangs), then stops its control plane."""
        self.release()
        for signal_number, grace in ((None, 120), (signal.SIGTERM, 60), (signal.SIGKILL, 10)):
            if self.process.poll() is not None:
                break
            if signal_number is not None:
                try:
                    os.killpg(self.process.pid, signal_number)
                except ProcessLookupError:
                    break
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                continue
        subprocess.run([os.path.join(ROOT, "scripts", "kube-local"), "down"], capture_output=True, check=False,
                       env=dict(os.environ, **plane_overrides("two")))


def serve(installed):
    """The second plane's side: say what was installed (and how to reach its API server), then wait
    until the first plane is done (its stdin ends) or SIGTERM."""
    installed = dict(installed, kube={key: KUBE[key] for key in ("ORK_KUBE_SERVER", "ORK_KUBE_CA", "ORK_KUBE_TOKEN")})
    path = os.environ["ORK_CHART_READY"]
    with open(path + ".tmp", "w") as out:
        json.dump(installed, out)
    os.rename(path + ".tmp", path)
    say("installed and reconciled; holding until the first plane's checks are done")
    ABANDONED.wait()


def watch_stdin():
    """ORK_CHART_PLANE=two: the end of stdin (the first plane done or gone) ends every wait; SIGTERM
    ends the process through its clean-up."""
    def reader():
        sys.stdin.read()
        ABANDONED.set()
    threading.Thread(target=reader, daemon=True).start()


def kubeconfig(work, clusters):
    """One kubeconfig with a context per cluster, each the admin of its API server, in the release's namespace."""
    config = {"apiVersion": "v1", "kind": "Config", "current-context": "one", "clusters": [], "users": [], "contexts": []}
    for name, env in clusters.items():
        config["clusters"].append({"name": name, "cluster": {"server": env["ORK_KUBE_SERVER"],
                                                             "certificate-authority": env["ORK_KUBE_CA"]}})
        config["users"].append({"name": name, "user": {"token": env["ORK_KUBE_TOKEN"]}})
        config["contexts"].append({"name": name, "context": {"cluster": name, "user": name, "namespace": NAMESPACE}})
    path = os.path.join(work, "two-clusters-kubeconfig")
    with open(path, "w") as out:
        json.dump(config, out)
    return path


def check_two_clusters(ork, work, one, two):
    """`one` and `two`: the pod names each plane runs, and the Database each reconciled."""
    path = kubeconfig(work, {"one": KUBE, "two": two["kube"]})
    term = Terminal([ork, "control", "--kubeconfig", path, "--context", "one", "--context", "two",
                     "--refresh", "1s", "--timeout", "5s"], columns=200, rows=50, env={"KUBECONFIG": ""}, wait=90)
    try:
        drill(term, one, two)
    except TerminalFailure as error:
        fail(f"ork control --context one --context two: {error}")
    finally:
        term.close()


def drill(term, one, two):
    pods = one["runtime"] + two["runtime"] + one["gateway"] + two["gateway"]

    def context_ok(context):
        row = term.line_with(f"context {context}")
        return "OK" in row and "2 runtimes" in row and "2 gateway replicas" in row

    def runtime_ok(pod):
        # A replica's row shows "polling" until its first answer arrives (a loaded machine: seconds).
        row = term.row_with(pod)
        context = "one" if pod in one["runtime"] else "two"
        # Cluster one runs the chart's default (sharding: a leader and a member), two runs it with
        # sharding off (a leader and a standby).
        roles = r"\b(leader|member)\b" if context == "one" else r"\b(leader|standby)\b"
        return f" {context} " in row and re.search(roles, row) is not None

    term.wait_for("both clusters OK, each runtime replica with its context and role, and all four gateway "
                  "replicas with their counters",
                  lambda text: "context one" in text and "context two" in text and all(
                      "adm " in term.row_with(pod) for pod in one["gateway"] + two["gateway"]) and all(
                      term.row_with(pod) for pod in pods) and all(context_ok(c) for c in ("one", "two")) and all(
                      runtime_ok(pod) for pod in one["runtime"] + two["runtime"]))
    say("ork control --context one --context two in a pseudo-terminal, no URL given:\n    " + "\n    ".join(
        line.rstrip() for line in term.screen.display if any(p in line for p in pods) or "context " in line))

    # The second cluster's leader (as the screen says now: leadership may have moved since the
    # install), its Database CRD, the Database, its children: every answer through that API
    # server's pod proxy.
    leaders = [pod for pod in two["runtime"] if re.search(r"\bleader\b", term.row_with(pod))]
    if len(leaders) != 1:
        fail(f"the second cluster's runtime rows do not show one leader: {[term.row_with(p).strip() for p in two['runtime']]}")
    leader, database = leaders[0], two["database"]
    term.key("/", "the filter prompt", "Enter keeps")
    term.send(leader)
    term.key("\r", "the filtered list", f"filter: {leader}")
    term.key("\r", "the Control Panel of the second cluster's leader", "Control Center ▸ platform", "leader")
    term.key("/", "the filter prompt", "Enter keeps")
    term.send("database")
    term.key("\r", "the filtered CRDs", "filter: database")
    term.key("\r", "the Database CRD", "platform ▸ database", "Workers")
    term.key("\r", "the Databases", "▸ resources", database)
    term.key("\r", f"the child tree of {database}", f"{NAMESPACE}/{database}", "Children", "StatefulSet")
    tree = [line.strip() for line in term.screen.display if "├─" in line or "└─" in line]
    if not any("StatefulSet" in line and database in line for line in tree):
        fail(f"the child tree of {database} does not show its StatefulSet: {tree}")
    say(f"drilled (second cluster, through its pod proxy) to the child tree of {NAMESPACE}/{database}:\n    " + "\n    ".join(tree))
