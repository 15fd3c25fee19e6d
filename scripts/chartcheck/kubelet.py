"""A kubelet stand-in: binds the release's pods to one Node and runs their containers the way a
container runtime would (own network namespace and IP, the image's root file system read-only,
the pod's volumes, args, environment and user), runs their probes and reports their status."""
import base64
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

from chartcheck.cluster import (BRIDGE, BRIDGE_IP, BRIDGE_MAC, KUBE, NAMESPACE, NODE, RELEASE, SETTINGS, SUBNET,
                                CheckFailed, api, fail, http_get, now, run, tail)

NETNS, VETH = SETTINGS["netns"], SETTINGS["veth"]  # this plane's names: another plane's are left alone

class Pod:
    def __init__(self, name, uid, index):
        self.name, self.uid, self.index = name, uid, index
        self.ip = f"{SUBNET}.{10 + index}"
        self.netns = f"{NETNS}{index}"
        self.process = None
        self.started = self.ready = self.finished = False
        self.restarts = 0
        self.spec = None
        self.log = None


class Kubelet:
    def __init__(self, images, work):
        self.images = images  # image repository → Image
        self.work = work
        self.pods = {}
        self.next_index = 0
        self.forwarder = None
        self.stopping = threading.Event()
        # Set once loop() has returned; stop_all waits for it, so that a sync in progress cannot start a
        # pod after every pod was stopped (a ReplicaSet's replacement, left running past the check).
        self.loop_done = threading.Event()
        self.looping = False
        self.lock = threading.Lock()
        self.errors = []

    # Network: a bridge for the pods, the kubernetes Service's IP forwarded to the API server.
    def start_network(self):
        self.stop_network()
        run(["ip", "link", "add", BRIDGE, "type", "bridge"])
        # A fixed address: a bridge without one takes the lowest of its ports' and changes it when that
        # pod's veth goes, so the other pods' ARP entries for the API server's forwarder point nowhere
        # until they expire (up to ~30 s): a stopping gateway's last Endpoints read then outlived its
        # grace period and it was killed (seen in 5 of 14 runs under load; 0 of 6 with this line).
        run(["ip", "link", "set", BRIDGE, "address", BRIDGE_MAC])
        run(["ip", "addr", "add", f"{BRIDGE_IP}/24", "dev", BRIDGE])
        self.service_ip = api("GET", "/api/v1/namespaces/default/services/kubernetes")["spec"]["clusterIP"]
        run(["ip", "addr", "add", f"{self.service_ip}/32", "dev", BRIDGE])
        run(["ip", "link", "set", BRIDGE, "up"])
        port = KUBE["ORK_KUBE_SERVER"].rsplit(":", 1)[1]
        # Its own process group: socat forks a child per connection, and all of them must stop.
        self.forwarder = subprocess.Popen(["socat", f"TCP-LISTEN:443,bind={self.service_ip},fork,reuseaddr",
                                           f"TCP:127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, start_new_session=True)

    def stop_network(self):
        if self.forwarder:
            try:
                os.killpg(self.forwarder.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self.forwarder.wait()
            self.forwarder = None
        for line in run(["ip", "netns", "list"], check=False).stdout.splitlines():
            if re.match(rf"{NETNS}\d+( |$)", line):
                run(["ip", "netns", "del", line.split()[0]], check=False)
        for line in run(["ip", "-o", "link"], check=False).stdout.splitlines():
            match = re.match(rf"\d+: ({VETH}\d+)@", line)
            if match:
                run(["ip", "link", "del", match.group(1)], check=False)
        run(["ip", "link", "del", BRIDGE], check=False)

    def register_node(self):
        api("DELETE", f"/api/v1/nodes/{NODE}", allow=(404,))
        api("POST", "/api/v1/nodes", {"apiVersion": "v1", "kind": "Node", "metadata": {
            "name": NODE, "labels": {"kubernetes.io/hostname": NODE, "kubernetes.io/os": "linux"}}})
        self.heartbeat()

    def heartbeat(self):
        stamp = now()
        api("PATCH", f"/api/v1/nodes/{NODE}/status", {"status": {
            "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "chart-check",
                            "lastHeartbeatTime": stamp, "lastTransitionTime": stamp}],
            "addresses": [{"type": "InternalIP", "address": BRIDGE_IP}, {"type": "Hostname", "address": NODE}]}},
            content_type="application/strategic-merge-patch+json")

    def start(self):
        """Runs loop() on a thread of its own (stop_all ends it)."""
        self.looping = True
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        try:
            self.run_loop()
        finally:
            self.loop_done.set()

    def run_loop(self):
        last_heartbeat = 0
        while not self.stopping.is_set():
            try:
                if time.monotonic() - last_heartbeat > 10:
                    self.heartbeat()
                    last_heartbeat = time.monotonic()
                self.sync()
            except CheckFailed as error:
                self.errors.append(str(error))
            except Exception as error:  # keep the kubelet alive; the checks report what went wrong
                self.errors.append(f"kubelet: {type(error).__name__}: {error}")
            self.stopping.wait(0.5)

    def sync(self):
        # The release's pods only: the pods of the CRs' StatefulSets stay Pending, as on a cluster
        # without their images.
        listing = api("GET", f"/api/v1/namespaces/{NAMESPACE}/pods?labelSelector=app.kubernetes.io%2Finstance%3D{RELEASE}")
        present = set()
        for pod in listing["items"]:
            meta, spec = pod["metadata"], pod["spec"]
            name = meta["name"]
            present.add(name)
            if meta.get("deletionTimestamp"):
                self.stop_pod(name, grace=spec.get("terminationGracePeriodSeconds", 30))
                api("DELETE", f"/api/v1/namespaces/{NAMESPACE}/pods/{name}",
                    {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0}, allow=(404,))
                continue
            if not spec.get("nodeName"):
                api("POST", f"/api/v1/namespaces/{NAMESPACE}/pods/{name}/binding", {
                    "apiVersion": "v1", "kind": "Binding", "metadata": {"name": name},
                    "target": {"apiVersion": "v1", "kind": "Node", "name": NODE}})
                continue
            with self.lock:
                state = self.pods.get(name)
                if state is None:
                    state = Pod(name, meta["uid"], self.next_index)
                    self.next_index += 1
                    self.pods[name] = state
            if state.finished:
                continue
            if state.process is None:
                self.start_pod(state, pod)
            elif state.process.poll() is not None and spec.get("restartPolicy", "Always") == "Never":
                # A Job's pod (the uninstall hook): it ends, and its phase says how.
                self.finish(state, pod)
                continue
            elif state.process.poll() is not None:
                state.restarts += 1
                state.started = state.ready = False
                self.errors.append(f"pod {name}: the container exited with {state.process.returncode} "
                                   f"(log {state.log}):\n{tail(state.log)}")
                self.start_container(state, pod)
            self.probe(state, pod)
        with self.lock:
            for name in [n for n in self.pods if n not in present]:
                self.stop_pod(name, grace=5)

    # One pod: network namespace, volumes, root file system, the container process.
    def start_pod(self, state, pod):
        ns, index = state.netns, state.index
        run(["ip", "netns", "del", ns], check=False)  # left by an attempt that failed half-way
        run(["ip", "netns", "add", ns])
        host_end = f"{VETH}{index}"
        run(["ip", "link", "del", host_end], check=False)
        run(["ip", "link", "add", host_end, "type", "veth", "peer", "name", "eth0", "netns", ns])
        run(["ip", "link", "set", host_end, "master", BRIDGE, "up"])
        run(["ip", "-n", ns, "addr", "add", f"{state.ip}/24", "dev", "eth0"])
        run(["ip", "-n", ns, "link", "set", "eth0", "up"])
        run(["ip", "-n", ns, "link", "set", "lo", "up"])
        run(["ip", "-n", ns, "route", "add", "default", "via", BRIDGE_IP])
        self.start_container(state, pod)
        stamp = now()
        api("PATCH", f"/api/v1/namespaces/{NAMESPACE}/pods/{state.name}/status", {"status": {
            "phase": "Running", "hostIP": BRIDGE_IP, "podIP": state.ip, "podIPs": [{"ip": state.ip}],
            "startTime": stamp}}, content_type="application/merge-patch+json")
        self.report(state, pod)

    def start_container(self, state, pod):
        spec = pod["spec"]
        container = spec["containers"][0]
        repository = container["image"].rsplit(":", 1)[0]
        image = self.images.get(repository)
        if image is None:
            fail(f"pod {state.name}: no Dockerfile builds image {container['image']}")
        security = {**spec.get("securityContext", {}), **container.get("securityContext", {})}
        if not security.get("runAsNonRoot") or security.get("runAsUser") in (None, 0):
            fail(f"pod {state.name}: the chart must run the container as a non-root user")
        user = f"{security['runAsUser']}:{security.get('runAsGroup', security['runAsUser'])}"
        directory = os.path.join(self.work, "pods", state.name)
        root = os.path.join(directory, "root")
        os.makedirs(root, exist_ok=True)
        mounts = []
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for mount in container.get("volumeMounts", []):
            source = self.materialize(state, pod, volumes[mount["name"]], os.path.join(directory, "volumes"))
            os.makedirs(os.path.join(image.root, mount["mountPath"].lstrip("/")), exist_ok=True)
            mounts.append((source, mount["mountPath"], mount.get("readOnly", False)))
        environment = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME": state.name,
                       **image.environment,
                       "KUBERNETES_SERVICE_HOST": self.service_ip, "KUBERNETES_SERVICE_PORT": "443",
                       "KUBERNETES_PORT": f"tcp://{self.service_ip}:443"}
        for variable in container.get("env", []):
            environment[variable["name"]] = self.env_value(state, pod, variable)
        command = container.get("command") or image.entrypoint
        arguments = container.get("args") if "args" in container else ([] if container.get("command") else image.cmd)
        read_only = security.get("readOnlyRootFilesystem", False)
        script = ["set -e", "mount --make-rprivate /", f'mount --bind "{image.root}" "{root}"']
        if read_only:
            script.append(f'mount -o remount,bind,ro "{root}"')
        script += [f'mount -t proc proc "{root}/proc"', f'mount --rbind /dev "{root}/dev"']
        for source, target, ro in mounts:
            script.append(f'mount --bind "{source}" "{root}{target}"')
            if ro:
                script.append(f'mount -o remount,bind,ro "{root}{target}"')
        script.append(f'hostname "{state.name}"')
        script.append(f'exec chroot --userspec={user} "{root}" "$@"')
        state.log = os.path.join(directory, f"container.{state.restarts}.log")
        with open(state.log, "w") as log:
            state.process = subprocess.Popen(
                ["ip", "netns", "exec", state.netns, "unshare", "--mount", "--uts", "sh", "-c", "\n".join(script),
                 "container", *command, *arguments],
                env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        state.spec = {"command": command, "args": arguments, "env": environment, "user": user,
                      "readOnlyRootFilesystem": read_only}
        state.started_at = time.monotonic()

    def materialize(self, state, pod, volume, base):
        """A volume's files in a directory, as the kubelet writes them."""
        path = os.path.join(base, volume["name"])
        if os.path.isdir(path) and "emptyDir" not in volume:
            shutil.rmtree(path)
        os.makedirs(path, exist_ok=True)
        os.chmod(path, 0o755)
        files = {}
        if "configMap" in volume:
            files = self.object_data("configmaps", volume["configMap"]["name"], False)
        elif "secret" in volume:
            files = self.object_data("secrets", volume["secret"]["secretName"], True)
        elif "emptyDir" in volume:
            os.chmod(path, 0o1777)
        elif "projected" in volume:
            for source in volume["projected"]["sources"]:
                if "serviceAccountToken" in source:
                    request = {
                        "expirationSeconds": source["serviceAccountToken"].get("expirationSeconds", 3607),
                        "boundObjectRef": {"apiVersion": "v1", "kind": "Pod", "name": state.name, "uid": state.uid}}
                    if "audience" in source["serviceAccountToken"]:
                        request["audiences"] = [source["serviceAccountToken"]["audience"]]
                    token = api("POST", f"/api/v1/namespaces/{NAMESPACE}/serviceaccounts/"
                                        f"{pod['spec']['serviceAccountName']}/token", {
                        "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": request})
                    files[source["serviceAccountToken"]["path"]] = token["status"]["token"].encode()
                elif "configMap" in source:
                    files.update(self.object_data("configmaps", source["configMap"]["name"], False))
                elif "downwardAPI" in source:
                    for item in source["downwardAPI"]["items"]:
                        files[item["path"]] = self.field(state, pod, item["fieldRef"]["fieldPath"]).encode()
        else:
            fail(f"pod {state.name}: volume {volume['name']} has a type this check does not mount")
        for name, content in files.items():
            with open(os.path.join(path, name), "wb") as out:
                out.write(content)
            os.chmod(os.path.join(path, name), 0o644)
        return path

    def object_data(self, resource, name, secret):
        obj = api("GET", f"/api/v1/namespaces/{NAMESPACE}/{resource}/{name}", allow=(404,))
        if obj is None:
            fail(f"{resource[:-1]} {NAMESPACE}/{name}, which a pod mounts, does not exist")
        data = obj.get("data") or {}
        return {k: (base64.b64decode(v) if secret else v.encode()) for k, v in data.items()}

    def field(self, state, pod, path):
        return {"metadata.name": state.name, "metadata.namespace": NAMESPACE, "metadata.uid": state.uid,
                "status.podIP": state.ip, "status.hostIP": BRIDGE_IP, "spec.nodeName": NODE,
                "spec.serviceAccountName": pod["spec"].get("serviceAccountName", "default")}[path]

    def env_value(self, state, pod, variable):
        if "value" in variable:
            return variable["value"]
        source = variable.get("valueFrom", {})
        if "fieldRef" in source:
            return self.field(state, pod, source["fieldRef"]["fieldPath"])
        if "secretKeyRef" in source:
            ref = source["secretKeyRef"]
            return self.object_data("secrets", ref["name"], True)[ref["key"]].decode()
        if "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            return self.object_data("configmaps", ref["name"], False)[ref["key"]].decode()
        fail(f"pod {state.name}: env {variable['name']} has a source this check does not resolve")

    # Probes and status.
    def finish(self, state, pod):
        state.finished = True
        code = state.process.returncode
        container = pod["spec"]["containers"][0]
        stamp = now()
        api("PATCH", f"/api/v1/namespaces/{NAMESPACE}/pods/{state.name}/status", {"status": {
            "phase": "Succeeded" if code == 0 else "Failed",
            "conditions": [{"type": "Ready", "status": "False", "reason": "PodCompleted", "lastTransitionTime": stamp}],
            "containerStatuses": [{"name": container["name"], "image": container["image"], "imageID": "", "ready": False,
                                   "restartCount": 0, "state": {"terminated": {
                                       "exitCode": code, "reason": "Completed" if code == 0 else "Error",
                                       "startedAt": stamp, "finishedAt": stamp}}}]}},
            content_type="application/strategic-merge-patch+json")

    def probe(self, state, pod):
        container = pod["spec"]["containers"][0]
        if "startupProbe" not in container and "readinessProbe" not in container:
            if not state.started:
                state.started = state.ready = True
                self.report(state, pod)
            return
        ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}

        def passes(probe):
            get = probe["httpGet"]
            port = ports.get(get["port"], get["port"])
            status, _ = http_get(f"http://{state.ip}:{port}{get['path']}", timeout=1)
            return 200 <= status < 400

        changed = False
        if not state.started and passes(container["startupProbe"]):
            state.started, changed = True, True
        if state.started:
            ready = passes(container["readinessProbe"])
            if ready != state.ready:
                state.ready, changed = ready, True
        if changed:
            self.report(state, pod)

    def report(self, state, pod):
        stamp = now()
        ready = "True" if state.ready else "False"
        container = pod["spec"]["containers"][0]
        api("PATCH", f"/api/v1/namespaces/{NAMESPACE}/pods/{state.name}/status", {"status": {
            "conditions": [{"type": t, "status": s, "lastTransitionTime": stamp}
                           for t, s in (("PodScheduled", "True"), ("Initialized", "True"),
                                        ("ContainersReady", ready), ("Ready", ready))],
            "containerStatuses": [{"name": container["name"], "image": container["image"], "imageID": "",
                                   "ready": state.ready, "started": state.started, "restartCount": state.restarts,
                                   "state": {"running": {"startedAt": stamp}}}]}},
            content_type="application/strategic-merge-patch+json")

    def stop_pod(self, name, grace):
        state = self.pods.pop(name, None)
        if state is None:
            return
        if state.process and state.process.poll() is None:
            os.killpg(state.process.pid, signal.SIGTERM)
            try:
                state.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(state.process.pid, signal.SIGKILL)
                state.process.wait()
        run(["ip", "netns", "del", state.netns], check=False)

    def stop_all(self):
        self.stopping.set()
        if self.looping and not self.loop_done.wait(timeout=120):
            # The checks have reported already: said here, or nobody would read it.
            print("chart-check: kubelet: its loop did not end within 120 s of the stop; pods it starts now "
                  "may outlive the check", file=sys.stderr)
        for name in list(self.pods):
            self.stop_pod(name, grace=10)


