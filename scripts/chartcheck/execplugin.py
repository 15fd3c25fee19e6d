"""Exec credential plugins across a token's expiry: a kubeconfig whose users run a plugin (this
script's own, printing an ExecCredential with a token the API server accepts that expires after
20 s) works for `ork control` (in a pseudo-terminal, against the installed chart) and for `ork run`
(examples/starter, from this host) before and after the expiry; a failing plugin's message is on the
Control Center's screen while it keeps running, and it recovers when the plugin does.
"""
import json
import os
import stat
import subprocess
import time

from chartcheck.cluster import KUBE, NAMESPACE, ROOT, api, fail, kubectl, say, tail, wait_for
from ptyscreen import Terminal, TerminalFailure

LIFETIME = 20  # seconds a token the plugin prints is valid for
STARTER_CRD = "apps.starter.orkestra.io"

# Appends the time of each run to $CALLS; fails (stderr, exit 1) while $CALLS.fail exists; refuses to
# run without the KUBERNETES_EXEC_INFO a client must pass (non-interactive).
PLUGIN = """#!/bin/sh
date +%s >> "$CALLS"
case "$KUBERNETES_EXEC_INFO" in
    *'"interactive":false'*) ;;
    *) echo "no non-interactive KUBERNETES_EXEC_INFO: $KUBERNETES_EXEC_INFO" >&2; exit 2 ;;
esac
if [ -e "$CALLS.fail" ]; then
    echo "token service unavailable (chart-check made the plugin fail)" >&2
    exit 1
fi
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\\n' \\
    "$TOKEN" "$(date -u -d "+LIFETIME seconds" +%Y-%m-%dT%H:%M:%SZ)"
""".replace("LIFETIME", str(LIFETIME))


class Plugin:
    """The plugin as one kubeconfig user; `calls()` are the times it ran."""

    def __init__(self, work, user):
        self.user = user
        self.calls_file = os.path.join(work, f"exec-{user}.calls")
        open(self.calls_file, "w").close()

    def calls(self):
        with open(self.calls_file) as handle:
            return [int(line) for line in handle if line.strip().isdigit()]

    def failing(self, on):
        flag = self.calls_file + ".fail"
        if on:
            open(flag, "w").close()
        elif os.path.exists(flag):
            os.remove(flag)

    def kubeconfig_user(self, command):
        return {"name": self.user, "user": {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1", "command": command, "interactiveMode": "Never",
            "env": [{"name": "TOKEN", "value": KUBE["ORK_KUBE_TOKEN"]}, {"name": "CALLS", "value": self.calls_file}]}}}


def write_kubeconfig(work, control, runner):
    command = os.path.join(work, "exec-plugin")
    with open(command, "w") as out:
        out.write(PLUGIN)
    os.chmod(command, stat.S_IRWXU)
    config = {
        "apiVersion": "v1", "kind": "Config", "current-context": "control",
        "clusters": [{"name": "local", "cluster": {"server": KUBE["ORK_KUBE_SERVER"], "certificate-authority": KUBE["ORK_KUBE_CA"]}}],
        "users": [control.kubeconfig_user(command), runner.kubeconfig_user(command)],
        "contexts": [{"name": "control", "context": {"cluster": "local", "user": control.user, "namespace": NAMESPACE}},
                     {"name": "run", "context": {"cluster": "local", "user": runner.user, "namespace": "default"}}],
    }
    path = os.path.join(work, "exec-kubeconfig")
    with open(path, "w") as out:
        json.dump(config, out)
    return path


def app(name):
    kubectl("apply", "-f", "-", input=f"apiVersion: starter.orkestra.io/v1\nkind: App\n"
                                      f"metadata: {{name: {name}, namespace: default}}\nspec: {{message: after the expiry}}\n")


def settings_of(name):
    return api("GET", f"/api/v1/namespaces/default/configmaps/{name}-settings", allow=(404,))


def remove_starter():
    kubectl("delete", "apps.starter.orkestra.io", "--all", "-n", "default", "--timeout=20s", check=False)
    kubectl("delete", "crd", STARTER_CRD, "--ignore-not-found", "--timeout=60s", check=False)
    kubectl("delete", "configmap", "hello-settings", "after-expiry-settings", "-n", "default", "--ignore-not-found",
            check=False)


def check_exec_plugin(ork, work):
    remove_starter()  # what an interrupted run left
    control, runner = Plugin(work, "control-plugin"), Plugin(work, "run-plugin")
    path = write_kubeconfig(work, control, runner)
    log = os.path.join(work, "exec-run.log")
    run = term = None
    try:
        with open(log, "w") as out:
            run = subprocess.Popen([ork, "run", "-f", "examples/starter/katalog.yaml", "--kubeconfig", path, "--context", "run",
                                    "--namespace", "default", "--watch-namespace", "default", "--port", "0",
                                    "--no-leader-election"],
                                   cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ, LOG_LEVEL="warning"))
        term = Terminal([ork, "control", "--kubeconfig", path, "--context", "control", "--refresh", "1s", "--timeout", "5s"],
                        columns=220, rows=40, env={"KUBECONFIG": ""}, wait=90)
        check_control_across_expiry(term, control)
        check_run_across_expiry(run, runner, log)
    except TerminalFailure as error:
        fail(f"ork control with an exec credential plugin: {error}")
    finally:
        if term:
            term.close()
        if run:
            run.terminate()
            try:
                run.wait(timeout=30)
            except subprocess.TimeoutExpired:
                run.kill()
                run.wait()
        remove_starter()


def check_control_across_expiry(term, plugin):
    term.wait_for("the plugin context's cluster row and both runtime replicas",
                  lambda text: "OK context control" in text and "2 gateway replicas" in text and text.count("platform") >= 2)
    # From now on the plugin fails: the Control Center keeps using the token it has until shortly
    # before it expires (5 s), then has to run the plugin again, and shows why that fails.
    runs = plugin.calls()
    plugin.failing(True)
    term.wait_for("the failing plugin's message", term.contains("credential plugin", "token service unavailable"))
    first, renewed = runs[-1], plugin.calls()[len(runs)]
    if renewed - first < LIFETIME - 5 - 1:
        fail(f"ork control ran the plugin again {renewed - first} s after the first run, before its token "
             f"(valid {LIFETIME} s, renewed 5 s early) expired")
    message = term.line_with("token service unavailable").strip()
    if not term.alive():
        fail("ork control ended when the credential plugin failed")
    plugin.failing(False)
    term.wait_for("the context OK again with a new token",
                  lambda text: "OK context control" in text and "token service unavailable" not in text)
    say(f"ork control, exec plugin: a token used until it was about to expire ({renewed - first} s), then the failing "
        f"plugin's message on screen: \"{message[:140]}\"; the UI kept running and recovered with the next token "
        f"({len(plugin.calls())} plugin runs)")


def check_run_across_expiry(run, plugin, log):
    wait_for("ork run (exec plugin) to reconcile the starter's App hello", lambda: settings_of("hello") or run.poll() is not None, 90)
    if run.poll() is not None:
        fail(f"ork run with an exec credential plugin exited {run.returncode}:\n{tail(log)}")
    first = plugin.calls()[0]
    # Waiting on the token's own clock: the first one must have expired before the next App.
    wait_for("the run context's first token to expire", lambda: time.time() > first + LIFETIME + 1, LIFETIME + 60)
    app("after-expiry")
    wait_for("ork run to reconcile an App created after its first token expired",
             lambda: settings_of("after-expiry") or run.poll() is not None, 90)
    if run.poll() is not None or len(plugin.calls()) < 2:
        fail(f"ork run did not run the plugin again after the expiry (runs {plugin.calls()}, exit {run.poll()}):\n{tail(log)}")
    say(f"ork run, exec plugin: App hello reconciled with the first token, App after-expiry with a renewed one "
        f"({len(plugin.calls())} plugin runs)")
