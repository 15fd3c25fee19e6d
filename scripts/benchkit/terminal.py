"""A pseudo-terminal for the Control Center benchmarks: run a program in it, read until a screen appears."""
import fcntl
import os
import pty
import select
import socket
import struct
import sys
import termios
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



class Pty:
    def __init__(self, args, columns=160, rows=48):
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        self.started = time.monotonic()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(args[0], args, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.raw = b""

    def read(self, seconds):
        ready_, _, _ = select.select([self.fd], [], [], seconds)
        if not ready_:
            return b""
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return b""
        self.raw += data
        return data

    def until(self, condition, limit=60):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            self.read(0.01)
            if condition(self.raw):
                return time.monotonic() - self.started
        sys.exit("bench control: the expected screen did not appear")

    def keys(self, text, pause=0.05):
        for key in text:
            os.write(self.fd, key.encode())
            time.sleep(pause)
            self.read(0)

    def quit(self):
        os.write(self.fd, b"q")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.read(0.05)
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                return
