"""`ork run` replicas as processes: started, signalled (SIGTERM, kill -9, SIGSTOP/SIGCONT), their
/katalog read, their RSS measured, their exits accounted for (an exit nobody asked for is a crash)."""
import os
import signal
import subprocess
import time

from .cluster import fail, http_get, say


class Replica:
    def __init__(self, fleet, name, port, sharding):
        self.fleet, self.name, self.port, self.sharding = fleet, name, port, sharding
        self.log = os.path.join(fleet.work, f"{name}.log")
        env = dict(os.environ, **fleet.env, POD_NAME=name, ORK_SHARDING="on" if sharding else "off")
        with open(self.log, "w") as out:
            self.process = subprocess.Popen([fleet.ork, "run", "-f", fleet.katalog, "--no-apply", "--port", str(port)],
                                            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.pid = self.process.pid
        self.expected_exit = None  # "term" or "kill" once we signalled it; "left" when resumed after its Lease
        self.stopped = False       # SIGSTOPped
        self.member = None
        self.started = time.monotonic()

    def katalog(self, timeout=3.0):
        return http_get(f"http://127.0.0.1:{self.port}/katalog", timeout)

    def shards(self):
        document = self.katalog()
        return (document or {}).get("shards")

    def learn_member(self):
        if self.member is None:
            shards = self.shards()
            if shards and shards.get("member"):
                self.member = shards["member"]
        return self.member

    def alive(self):
        return self.process.poll() is None

    def running(self):
        return self.alive() and not self.stopped and self.expected_exit is None

    def rss_mib(self):
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def term(self):
        self.expected_exit = "term"
        if self.stopped:
            self.cont()
        self.process.send_signal(signal.SIGTERM)

    def kill(self):
        self.expected_exit = "kill"
        self.process.kill()
        self.process.wait()

    def stop(self):
        self.stopped = True
        self.process.send_signal(signal.SIGSTOP)

    def cont(self, after_lease=False):
        """SIGCONT. Paused for longer than its Lease, the member has lost it: it must leave the ring
        (stop and exit non-zero, so that its pod restarts as a new member), never go on with its
        old caches."""
        self.stopped = False
        if after_lease:
            self.expected_exit = "left"
        self.process.send_signal(signal.SIGCONT)

    def wait_exit(self, timeout=60):
        """The exit status of a replica sent SIGTERM: 0 or a failure."""
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            fail(f"{self.name} did not exit within {timeout} s of SIGTERM")
        if status != 0:
            fail(f"{self.name} exited {status} after SIGTERM (expected 0)")
        return status

    def tail(self, lines=25):
        try:
            with open(self.log, errors="replace") as handle:
                return "".join(handle.readlines()[-lines:])
        except OSError:
            return ""


class Fleet:
    def __init__(self, ork, katalog, work, env, base_port):
        self.ork, self.katalog, self.work, self.env = ork, katalog, work, env
        self.base_port = base_port
        self.replicas = []
        self.counter = 0

    def start(self, sharding=True, name=None):
        self.counter += 1
        used = {r.port for r in self.replicas if r.alive()}
        port = next(p for p in range(self.base_port, self.base_port + 200) if p not in used)
        replica = Replica(self, name or f"replica-{self.counter}", port, sharding)
        self.replicas.append(replica)
        return replica

    def alive(self):
        return [r for r in self.replicas if r.alive() and r.expected_exit is None]

    def running(self):
        return [r for r in self.replicas if r.running()]

    def check_crashes(self):
        """Fails when a replica exited without being asked to (or exited non-zero after SIGTERM)."""
        for replica in self.replicas:
            status = replica.process.poll()
            if status is None:
                continue
            if replica.expected_exit is None:
                fail(f"{replica.name} ({replica.member or 'member unknown'}) exited {status} on its own: a crash")
            if replica.expected_exit == "left" and status == 0:
                fail(f"{replica.name} ({replica.member}) lost its Lease while paused and exited 0 (expected non-zero)")
            if replica.expected_exit == "term" and status != 0:
                fail(f"{replica.name} ({replica.member}) exited {status} after SIGTERM (expected 0)")

    def cleanup(self):
        for replica in self.replicas:
            if replica.alive():
                try:
                    if replica.stopped:
                        replica.process.send_signal(signal.SIGCONT)
                    replica.process.kill()
                    replica.process.wait(10)
                except Exception:
                    pass

    def queue_drops(self):
        """Each live replica's queue drop counters (orkestra_queue_drops_total) from /metrics."""
        import urllib.request
        found = []
        for replica in self.replicas:
            if not replica.alive() or replica.stopped:
                continue
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{replica.port}/metrics", timeout=3) as response:
                    text = response.read().decode(errors="replace")
            except OSError:
                continue
            drops = [l for l in text.splitlines() if l.startswith("orkestra_queue_drops_total")]
            found.append(f"{replica.name} ({replica.member}): {'; '.join(drops) or 'no drops'}")
        return "\n".join(found)

    def tails(self, lines=25, last=6):
        """The log tails of the most recent replicas and of any that crashed."""
        chosen = [r for r in self.replicas if r.process.poll() is not None and r.expected_exit is None]
        chosen += [r for r in self.replicas[-last:] if r not in chosen]
        return "\n".join(f"--- {r.name} ({r.member or '?'}, pid {r.pid}, log {r.log})\n{r.tail(lines)}" for r in chosen)
