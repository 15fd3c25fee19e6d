"""Access to the scripts/kube-local control plane and the helpers every part of the check uses."""
import json
import os
import ssl
import threading
import time
import urllib.error
import urllib.request

from checkkit import CheckFailed, fail, kube_local_variables, run  # noqa: F401 (re-exported to the check modules)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHART = os.path.join(ROOT, "charts", "orkestra")
NAMESPACE = "orkestra-chart"
RELEASE = "orkestra"
# chart-check installs the chart on scripts/kube-local's control plane ("one"); for the Control
# Center's two-cluster check it also runs itself as a second process (ORK_CHART_PLANE=two) that installs
# the chart on a second kube-local instance: its own ports, state, Node, bridge, pod subnet and names.
PLANE = os.environ.get("ORK_CHART_PLANE", "one")
PLANES = {
    "one": {"kube": {}, "node": "orkestra-chart-node", "bridge": "orkchart0", "mac": "02:6f:72:6b:00:01",
            "subnet": "10.201.0", "netns": "orkchart", "veth": "orkv"},
    "two": {"kube": {"ORK_KUBE_API_PORT": "7445", "ORK_KUBE_ETCD_PORT": "22399", "ORK_KUBE_ETCD_PEER_PORT": "22400",
                     "ORK_KUBE_KCM_PORT": "10359", "ORK_KUBE_SERVICE_CIDR": "10.0.3.0/24"},
            "node": "orkestra-chart-node-two", "bridge": "orkchart1", "mac": "02:6f:72:6b:00:02",
            "subnet": "10.202.0", "netns": "orktwo", "veth": "orkw"},
}
if PLANE not in PLANES:
    raise SystemExit(f"ORK_CHART_PLANE={PLANE}: expected one of {', '.join(PLANES)}")
SETTINGS = PLANES[PLANE]
NODE, BRIDGE, BRIDGE_MAC = SETTINGS["node"], SETTINGS["bridge"], SETTINGS["mac"]
SUBNET = SETTINGS["subnet"]
BRIDGE_IP = f"{SUBNET}.1"
PROTECTION = "orkestra.io/deletion-protection"
# The shared libraries gcr.io/distroless/cc-debian12 provides (images/base-contents, by soname).
# Everything else a binary needs must come from scripts/image-tree.
with open(os.path.join(ROOT, "images", "base-contents")) as _contents:
    BASE_IMAGE_LIBRARIES = {line.split()[1] for line in _contents if line.startswith("library ")}


def say(message):
    print(f"chart-check{'' if PLANE == 'one' else ' (plane ' + PLANE + ')'}: {message}", flush=True)


def plane_overrides(plane):
    """The environment that selects a plane's kube-local instance (the second keeps its state next to
    the first's; each run starts it afresh)."""
    overrides = dict(PLANES[plane]["kube"])
    if overrides:
        cache = os.environ.get("ORK_KUBE_CACHE") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.environ["HOME"], ".cache"), "orkestra", "kube")
        overrides["ORK_KUBE_STATE"] = os.path.join(cache, f"state-chart-{plane}")
    return overrides


def kube_environment():
    """The variables of this plane's kube-local instance (KUBECONFIG, ORK_KUBE_SERVER, …); the second
    plane's is started here (the first is started by scripts/test)."""
    env = dict(os.environ, **plane_overrides(PLANE))
    script = os.path.join(ROOT, "scripts", "kube-local")
    if PLANE != "one":
        run([script, "up"], env=env)
    return kube_local_variables(env)


KUBE = kube_environment()
KUBECTL = KUBE["ORK_KUBECTL"]
os.environ["KUBECONFIG"] = KUBE["KUBECONFIG"]
TLS = ssl.create_default_context(cafile=KUBE["ORK_KUBE_CA"])


def api(method, path, body=None, content_type="application/json", allow=()):
    """One request to the API server as the admin; returns the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(KUBE["ORK_KUBE_SERVER"] + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + KUBE["ORK_KUBE_TOKEN"])
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, context=TLS, timeout=10) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        if error.code in allow:
            return None
        fail(f"{method} {path}: HTTP {error.code}: {error.read().decode(errors='replace')[:400]}")


def kubectl(*args, input=None, check=True):
    return run([KUBECTL, *args], input=input, check=check)


def http_get(url, timeout=2.0, token=None):
    """(status, decoded JSON or None) of a plain HTTP GET, with a bearer token if given; (0, reason)
    when nothing answers."""
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, None
    except (OSError, ValueError) as error:
        return 0, str(error)


def http_status(url, timeout=2.0):
    """The status of an anonymous GET (whatever its body); 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def http_post(url, body, token, method="POST", timeout=10.0):
    """(status, text) of a request with a bearer token (TLS as the API server's when https)."""
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, context=TLS if url.startswith("https:") else None, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return 0, str(error)


# Set when the second plane is told to stop (its stdin closed): every wait then ends at once.
ABANDONED = threading.Event()


def wait_for(description, predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ABANDONED.is_set():
            fail(f"stopped while waiting for {description}: the first plane's check has ended")
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    fail(f"timed out after {timeout} s waiting for {description}")


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def tail(path, lines=25):
    if not path:
        return ""
    try:
        with open(path, errors="replace") as file:
            return "".join(file.readlines()[-lines:])
    except OSError:
        return ""


