"""What the Python acceptance checks (scripts/chart-check, scripts/shard-check) share: failing with a
message, running a command that must succeed, and the variables of a scripts/kube-local instance."""
import os
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class CheckFailed(Exception):
    pass


def fail(message):
    raise CheckFailed(message)


def run(args, check=True, input=None, env=None):
    result = subprocess.run(args, input=input, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        fail(f"{' '.join(args[:6])} … exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def kube_local_variables(env=None):
    """`scripts/kube-local env` (of the instance `env` selects) as a dict: KUBECONFIG, ORK_KUBECTL, …"""
    text = run([os.path.join(ROOT, "scripts", "kube-local"), "env"], env=env).stdout
    variables = {}
    for line in text.splitlines():
        line = line.removeprefix("export ").strip()
        if "=" in line:
            key, value = line.split("=", 1)
            variables[key] = value.strip("'\"")
    return variables
