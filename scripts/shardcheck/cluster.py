"""Access to the scripts/kube-local control plane (whichever instance `scripts/kube-local env` names),
the watches that record every change of the Tiles and their ConfigMaps, and the shared helpers."""
import http.client
import json
import os
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from checkkit import CheckFailed, fail, kube_local_variables, run  # noqa: F401 (re-exported to the check modules)
from checkkit import shards
from checkkit.shards import WRITER, bucket_label, table_of

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GROUP, VERSION, KIND, PLURAL = "shardcheck.orkestra.io", "v1", "Tile", "tiles"


def bucket_of(namespace, name):
    """A Tile's bucket (checkkit.shards.bucket_of for shard-check's CRD)."""
    return shards.bucket_of(GROUP, KIND, namespace, name)


def say(message):
    print(f"shard-check: {message}", flush=True)


KUBE = kube_local_variables()
KUBECTL = KUBE["ORK_KUBECTL"]
os.environ["KUBECONFIG"] = KUBE["KUBECONFIG"]
TLS = ssl.create_default_context(cafile=KUBE["ORK_KUBE_CA"])
SERVER = urllib.parse.urlparse(KUBE["ORK_KUBE_SERVER"])


def kubectl(*args, input=None, check=True):
    return run([KUBECTL, *args], input=input, check=check)


def api(method, path, body=None, content_type="application/json", allow=(), timeout=30):
    """One request to the API server as the admin; the decoded JSON answer (None for an allowed error)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(KUBE["ORK_KUBE_SERVER"] + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + KUBE["ORK_KUBE_TOKEN"])
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", content_type)
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, context=TLS, timeout=timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            if error.code in allow:
                return None
            if error.code in (429, 500, 503, 504) and attempt < 4:
                time.sleep(0.5 * (attempt + 1))
                continue
            fail(f"{method} {path}: HTTP {error.code}: {error.read().decode(errors='replace')[:400]}")
        except OSError as error:
            if attempt < 4:
                time.sleep(0.5 * (attempt + 1))
                continue
            fail(f"{method} {path}: {error}")


def http_get(url, timeout=3.0):
    """The decoded JSON of a plain HTTP GET, or None when nothing (good) answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read())
    except (OSError, ValueError, urllib.error.HTTPError):
        return None


def wait_for(what, condition, timeout, interval=0.5, on_tick=None):
    """Polls condition() until it returns something truthy; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if on_tick:
            on_tick()
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class Recorder:
    """A watch of one collection in the namespace, from a resourceVersion taken before anything in it
    changed: every event (in resourceVersion order, as the API server sends them) goes to `events`
    (compacted by `keep`), the latest state of each object to `objects`. A watch the API server ends is
    resumed from the last resourceVersion; one that cannot be resumed (410 Gone: events lost) is
    counted in `gaps`, which makes the audit incomplete."""

    def __init__(self, path, keep, params=None):
        self.path, self.keep, self.params = path, keep, dict(params or {})
        self.events = []
        self.objects = {}
        self.gaps = 0
        self.reconnects = 0
        self.lock = threading.Lock()
        self.stopped = False
        self.error = None
        listed = api("GET", self.url())
        self.version = listed["metadata"]["resourceVersion"]
        for item in listed["items"]:
            self.objects[item["metadata"]["name"]] = keep(item)
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stopped:
            try:
                self.stream()
            except Exception as error:  # a broken connection: resume from the last version
                if self.stopped:
                    return
                self.error = repr(error)
                time.sleep(0.2)
            self.reconnects += 1

    def url(self, **extra):
        query = urllib.parse.urlencode({**self.params, **extra})
        return f"{self.path}?{query}" if query else self.path

    def relist(self):
        listed = api("GET", self.url())
        with self.lock:
            self.objects = {}
            for item in listed["items"]:
                self.objects[item["metadata"]["name"]] = self.keep(item)
            self.version = listed["metadata"]["resourceVersion"]
            self.gaps += 1

    def stream(self):
        connection = http.client.HTTPSConnection(SERVER.hostname, SERVER.port, context=TLS, timeout=120)
        connection.request("GET", self.url(watch="1", resourceVersion=self.version, allowWatchBookmarks="true",
                                           timeoutSeconds="7200"),
                           headers={"Authorization": "Bearer " + KUBE["ORK_KUBE_TOKEN"], "Accept": "application/json"})
        response = connection.getresponse()
        if response.status == 410:
            response.read()
            self.relist()
            return
        if response.status != 200:
            raise RuntimeError(f"watch {self.path}: HTTP {response.status}")
        while not self.stopped:
            line = response.readline()
            if not line:
                return
            event = json.loads(line)
            kind, item = event["type"], event["object"]
            if kind == "ERROR":
                if item.get("code") == 410:
                    self.relist()
                    return
                raise RuntimeError(f"watch {self.path}: {item}")
            version = item["metadata"]["resourceVersion"]
            if kind == "BOOKMARK":
                self.version = version
                continue
            kept = self.keep(item)
            with self.lock:
                self.version = version
                self.events.append((int(version), kind, kept))
                if kind == "DELETED":
                    self.objects.pop(kept["name"], None)
                else:
                    self.objects[kept["name"]] = kept

    def snapshot(self):
        with self.lock:
            return dict(self.objects)

    def caught_up(self, timeout=60):
        """Waits until the watch has seen the current version of every object a LIST returns."""
        listed = {item["metadata"]["name"]: int(item["metadata"]["resourceVersion"]) for item in api("GET", self.url())["items"]}
        def seen():
            objects = self.snapshot()
            return all(name in objects and objects[name]["rv"] >= rv for name, rv in listed.items())
        wait_for(f"the watch of {self.path} to catch up", seen, timeout, 0.2)

    def stop(self):
        self.stopped = True


def keep_table(item):
    metadata = item["metadata"]
    return {"name": metadata["name"], "rv": int(metadata["resourceVersion"]),
            "entries": table_of(item)}


def keep_tile(item):
    metadata = item["metadata"]
    return {"name": metadata["name"], "rv": int(metadata["resourceVersion"]),
            "bucket": bucket_label(metadata),
            "color": (item.get("spec") or {}).get("color", ""),
            "status": (item.get("status") or {}).get("color", "")}


def keep_configmap(item):
    metadata = item["metadata"]
    return {"name": metadata["name"], "rv": int(metadata["resourceVersion"]),
            "bucket": bucket_label(metadata),
            "writer": (metadata.get("annotations") or {}).get(WRITER, ""),
            "color": (item.get("data") or {}).get("color", "")}
