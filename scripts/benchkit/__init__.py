"""What the Python benchmarks (scripts/bench-peers, scripts/bench-scale) share: the real control plane
of scripts/kube-local, the admin's requests to it, and the readings of an operator process."""
import concurrent.futures
import json
import os
import signal
import ssl
import subprocess
import sys
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "orkestra", "peers")


def run(args, **options):
    return subprocess.run(args, check=True, text=True, capture_output=True, **options).stdout


def kube_environment(overrides=None):
    """scripts/kube-local up, then its variables (KUBECONFIG, ORK_KUBE_SERVER, ORK_KUBE_TOKEN, …).
    `overrides` (ORK_KUBE_STATE, ORK_KUBE_API_PORT, …) select another instance."""
    env = dict(os.environ, **(overrides or {}))
    subprocess.run([os.path.join(ROOT, "scripts/kube-local"), "up"], check=True, env=env)
    variables = {}
    for line in run([os.path.join(ROOT, "scripts/kube-local"), "env"], env=env).splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        variables[key] = value.strip("'\"")
    return variables


def kubectl(env, *args):
    return run([env.get("ORK_KUBECTL", "kubectl"), "--kubeconfig", env["KUBECONFIG"], *args])


def build_ork():
    """ORK_BIN when given (a release build made elsewhere), else this checkout's release build."""
    if os.environ.get("ORK_BIN"):
        return os.environ["ORK_BIN"]
    run(["swift", "build", "-c", "release", "--product", "ork"], cwd=ROOT)
    return os.path.join(run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT).strip(), "ork")


def build_bench():
    """ORK_BENCH_BIN when given, else this checkout's release build of ork-bench."""
    if os.environ.get("ORK_BENCH_BIN"):
        return os.environ["ORK_BENCH_BIN"]
    run(["swift", "build", "-c", "release", "--product", "ork-bench"], cwd=ROOT)
    return os.path.join(run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT).strip(), "ork-bench")


def control_plane_pids(env):
    """The pids of kube-local's etcd, kube-apiserver and kube-controller-manager (their pid files
    beside the kubeconfig), by name; a component without a live pid is left out."""
    run_dir = os.path.join(os.path.dirname(env["KUBECONFIG"]), "run")
    pids = {}
    for component in ("etcd", "kube-apiserver", "kube-controller-manager"):
        try:
            with open(os.path.join(run_dir, component + ".pid")) as file:
                pid = int(file.read().strip())
            cpu_seconds(pid)
            pids[component] = pid
        except (OSError, ValueError):
            continue
    return pids


class API:
    """The admin's requests to the API server (what sets a bench up and measures it)."""

    def __init__(self, env):
        self.server, self.token = env["ORK_KUBE_SERVER"], env["ORK_KUBE_TOKEN"]
        self.tls = ssl.create_default_context(cafile=env["ORK_KUBE_CA"])

    def call(self, method, path, body=None, allow=()):
        request = urllib.request.Request(self.server + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, context=self.tls, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            if error.code in allow:
                return None
            raise RuntimeError(f"{method} {path}: HTTP {error.code} {error.read()[:300]!r}") from None

    def text(self, path):
        """A plain-text GET (the API server's own /metrics)."""
        request = urllib.request.Request(self.server + path)
        request.add_header("Authorization", "Bearer " + self.token)
        with urllib.request.urlopen(request, context=self.tls, timeout=30) as response:
            return response.read().decode()

    def count(self, path):
        """How many objects a list has, from one item and remainingItemCount."""
        page = self.call("GET", path + "?limit=1")
        return len(page.get("items", [])) + int(page.get("metadata", {}).get("remainingItemCount") or 0)

    def create_all(self, path, bodies):
        """POSTs every body to `path`, 16 at a time (how a bench sets up its CRs before an operator starts)."""
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            list(pool.map(lambda body: self.call("POST", path, body), bodies))


def stop(process):
    """SIGTERM, 30 s to exit, then SIGKILL."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main_guard(name, main):
    """Runs a bench's main: a setup failure prints its reason (and a command's stderr) and exits 1."""
    try:
        main()
    except (RuntimeError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or ""
        print(f"bench {name}: {error}\n{detail[-2000:]}", file=sys.stderr)
        sys.exit(1)


def cpu_seconds(pid):
    """User plus system CPU time of a process so far (its threads included)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid, field="VmRSS"):
    """A memory line of /proc/PID/status in MiB (VmRSS now, VmHWM the peak)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0
