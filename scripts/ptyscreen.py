"""`ork control` in a pseudo-terminal, its output fed to a pyte screen that the checks read back
(scripts/control-pty-check, scripts/chart-check). Waits poll the screen until a condition holds or
`wait` seconds pass; then `fail(message, screen)` is called (by default: raise TerminalFailure)."""
import fcntl
import os
import pty
import resource
import select
import struct
import termios
import time

import pyte


class TerminalFailure(Exception):
    pass


def failed(message, screen=None):
    shown = "" if screen is None else "\n--- screen\n" + "\n".join(screen.display)
    raise TerminalFailure(message + shown)


class Screen(pyte.Screen):
    """pyte's screen plus what ncurses sends with xterm-256color's terminfo and pyte does not
    implement: REP (CSI Ps b, repeat the last character) and SU/SD (CSI Ps S / T, scroll the
    scroll region, used by ncurses' scrolling optimization)."""

    last = " "

    def draw(self, data):
        if data:
            self.last = data[-1]
        super().draw(data)

    def repeat_last(self, count=1, *args, **kwargs):
        super().draw(self.last * max(1, count))

    def _scroll(self, count, up):
        top, bottom = self.margins or (0, self.lines - 1)
        x, y = self.cursor.x, self.cursor.y
        self.cursor.y = bottom if up else top
        for _ in range(max(1, count)):
            self.index() if up else self.reverse_index()
        self.cursor.x, self.cursor.y = x, y

    def scroll_up(self, count=1, *args, **kwargs):
        self._scroll(count, True)

    def scroll_down(self, count=1, *args, **kwargs):
        self._scroll(count, False)


class Stream(pyte.ByteStream):
    csi = dict(pyte.ByteStream.csi, b="repeat_last", S="scroll_up", T="scroll_down")


class Terminal:
    """The binary in a pty of the given size, its output fed to a pyte screen."""

    def __init__(self, args, columns=120, rows=36, env=None, fail=None, wait=60):
        self.fail = fail or failed
        self.wait = wait
        self.screen = Screen(columns, rows)
        self.stream = Stream(self.screen)
        self.raw = b""
        self.status = None
        environment = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        environment.update(env or {})
        environment.pop("NO_COLOR", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # the fatal-signal checks leave no core files
                os.execve(args[0], args, environment)
            finally:
                os._exit(127)  # never run the caller's code (its clean-up) in the forked child
        self.resize(columns, rows)

    def resize(self, columns, rows):
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.screen.resize(rows, columns)

    def pump(self, seconds=0.1):
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if ready:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            self.raw += data
            self.stream.feed(data)

    def text(self):
        return "\n".join(self.screen.display)

    def wait_for(self, what, condition):
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline:
            self.pump()
            if condition(self.text()):
                return
        self.fail(f"timed out waiting for {what}", self.screen)

    def contains(self, *needles):
        return lambda text: all(n in text for n in needles)

    def send(self, keys):
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    def key(self, keys, then_wait_for, *needles):
        self.send(keys)
        self.wait_for(then_wait_for, self.contains(*needles))

    def line_with(self, needle):
        return next((line for line in self.screen.display if needle in line), "")

    def row_with(self, needle):
        """The first row naming `needle` that is not another row's detail line ("↳ standby: leader
        is <pod>" names the leader's pod under a standby's row, and may come first on screen)."""
        return next((line for line in self.screen.display
                     if needle in line and not line.lstrip().startswith(("↳", "->"))), "")

    def modes(self):
        return termios.tcgetattr(self.fd)[3]

    def wait_exit(self):
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline:
            self.pump(0.05)
            if not self.alive():
                for _ in range(20):
                    self.pump(0.01)
                return self.status
        self.fail("ork control did not exit", self.screen)

    def alive(self):
        if self.status is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == self.pid:
            self.status = os.waitstatus_to_exitcode(status)
            return False
        return True

    def close(self, grace=10):
        """Ends the program whatever state it is in, and never raises: `q` (after Esc, out of a prompt),
        then SIGKILL after `grace` seconds; the pty is closed."""
        try:
            if self.alive():
                os.write(self.fd, b"\x1bq")
                deadline = time.monotonic() + grace
                while self.alive() and time.monotonic() < deadline:
                    self.pump(0.05)
                if self.alive():
                    os.kill(self.pid, 9)
                    os.waitpid(self.pid, 0)
        except OSError:
            pass
        finally:
            try:
                os.close(self.fd)
            except OSError:
                pass

    def check_restored(self, how):
        raw = self.raw
        if raw.rfind(b"\x1b[?1049l") < raw.rfind(b"\x1b[?1049h") or b"\x1b[?1049h" not in raw:
            self.fail(f"after {how} the alternate screen was not left (no rmcup after the last smcup)")
        if raw.rfind(b"\x1b[?25h") < raw.rfind(b"\x1b[?25l"):
            self.fail(f"after {how} the cursor is still hidden")
        modes = self.modes()
        if not (modes & termios.ICANON and modes & termios.ECHO):
            self.fail(f"after {how} the tty is not back in canonical mode with echo")
