"""What the Python benchmarks (scripts/bench-peers, -scale, -isolation, -shards) share: the real control
plane of scripts/kube-local, the admin's requests to it, the release binaries, and the readings of
an operator process (its /proc entries, its /metrics)."""
import concurrent.futures
import json
import os
import signal
import ssl
import subprocess
import sys
import urllib.error
import urllib.parse
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


def build_product(product, variable):
    """The binary `variable` names when set (a release build made elsewhere, e.g. ORK_BIN), else
    this checkout's release build of `product`."""
    if os.environ.get(variable):
        return os.environ[variable]
    run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT)
    return os.path.join(run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT).strip(), product)


def build_ork():
    """ORK_BIN, else this checkout's release build of ork."""
    return build_product("ork", "ORK_BIN")


def build_bench():
    """ORK_BENCH_BIN, else this checkout's release build of ork-bench."""
    return build_product("ork-bench", "ORK_BENCH_BIN")


CONTROL_PLANE = ("etcd", "kube-apiserver", "kube-controller-manager")


def control_plane_pids(env):
    """The pids of kube-local's control plane by component: read from its pid files beside the
    kubeconfig and kept only when the process is alive and its command line names that state
    directory (as kube-local checks: a pid file can outlive its process and the pid be reused)."""
    state = os.path.dirname(env["KUBECONFIG"])
    pids = {}
    for component in CONTROL_PLANE:
        try:
            with open(os.path.join(state, "run", component + ".pid")) as file:
                pid = int(file.read().strip())
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                if state.encode() in file.read():
                    pids[component] = pid
        except (OSError, ValueError):
            continue
    return pids


def ork_metric(port, name, crd=None):
    """A counter of the ork run serving on `port` (its /metrics), summed over its CRDs or for `crd`
    only; 0 before it serves. Cheap, so polling it does not load the API server being measured."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            text = response.read().decode()
    except urllib.error.URLError:
        return 0.0
    prefix = name + "{" + (f'crd="{crd}",' if crd else "")
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


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

    def items(self, path, limit=2000):
        """Every object of a list, page by page (`limit` at a time, following the continue token)."""
        token = ""
        while True:
            page = self.call("GET", f"{path}?limit={limit}" + (f"&continue={urllib.parse.quote(token)}" if token else ""))
            yield from page.get("items", [])
            token = page.get("metadata", {}).get("continue", "")
            if not token:
                return

    def observed(self, path):
        """How many CRs of a list have a status for their current generation (observedGeneration)."""
        return sum(1 for cr in self.items(path)
                   if (cr.get("status") or {}).get("observedGeneration") == cr["metadata"].get("generation"))

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
    """User plus system CPU time of a process so far (its threads included); 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid, field="VmRSS"):
    """A memory line of /proc/PID/status in MiB (VmRSS now, VmHWM the peak)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0
