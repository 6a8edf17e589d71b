"""Child processes of the harness and what /proc says about them (CPU seconds, resident memory)."""

import os
import signal
import subprocess
import sys
import threading
import traceback

CLK_TCK = os.sysconf("SC_CLK_TCK")


class Child:
    """One process the harness started, in its own process group, with its output in a log file."""

    def __init__(self, name, argv, log_path, env=None, cwd=None):
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.popen = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=self._log,
                                      stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
        self.pid = self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def last_words(self):
        """Its state and the last meaningful line of its log, for a one-line error."""
        state = "running" if self.alive() else f"exited {self.popen.returncode}"
        lines = [l for l in self.log_tail(40).splitlines()
                 if l.strip() and not l.startswith("Picked up JAVA_TOOL_OPTIONS")]
        return f"{self.name} {state}" + (f": {lines[-1].strip()[:200]}" if lines else "")

    def stop(self, timeout=15):
        """SIGTERM to this child's own process group (by its id), SIGKILL if it lingers."""
        if self.alive():
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.popen.wait(5)
        self._log.close()

    def _signal(self, sig):
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            pass


def _read_stat(pid):
    with open(f"/proc/{pid}/stat", "rb") as f:
        data = f.read().decode("ascii", "replace")
    # comm (field 2) may hold spaces and parentheses: split after the last ')'
    return data[data.rindex(")") + 2:].split()


def process_tree(root_pid):
    """The pid and all its living descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            ppid = int(_read_stat(entry)[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def cpu_seconds(pids):
    """utime + stime of the processes (each over all its threads), in seconds."""
    ticks = 0
    for pid in pids:
        try:
            fields = _read_stat(pid)
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / CLK_TCK


def _status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kb(pids):
    return sum(_status_kb(pid, "VmRSS") for pid in pids)


def hwm_kb(pids):
    return max((_status_kb(pid, "VmHWM") for pid in pids), default=0)


class ProxyMeter:
    """CPU seconds and peak RSS of one proxy (its whole process tree) over one measured run."""

    def __init__(self, name, root_pid):
        self.name = name
        self.pids = process_tree(root_pid)
        self.cpu_start = 0.0
        self.cpu_end = 0.0
        self.peak_rss_kb = 0

    def begin(self):
        self.pids = [pid for pid in self.pids if os.path.exists(f"/proc/{pid}")]
        self.cpu_start = cpu_seconds(self.pids)
        self.peak_rss_kb = rss_kb(self.pids)

    def sample(self):
        self.peak_rss_kb = max(self.peak_rss_kb, rss_kb(self.pids))

    def end(self):
        self.cpu_end = cpu_seconds(self.pids)
        self.sample()
        # a single process's own high-water mark catches a peak between two samples
        self.peak_rss_kb = max(self.peak_rss_kb, hwm_kb(self.pids) if len(self.pids) == 1 else 0)

    def cpu_used(self):
        return self.cpu_end - self.cpu_start


class MeterSet:
    """Samples the RSS of several proxies on a background thread while a load runs."""

    def __init__(self, meters, interval=0.2):
        self.meters = meters
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self):
        for meter in self.meters:
            meter.begin()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        for meter in self.meters:
            meter.end()
        return False

    def _run(self):
        while not self._stop.wait(self.interval):
            for meter in self.meters:
                meter.sample()


def run_main(main, log):
    """Runs a harness's main(argv) as the program: SIGTERM unwinds like Ctrl-C (so that every child the harness
    started is stopped by its finally blocks), exit 130 when interrupted, 1 with the trace on an error."""
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)
    except Exception:
        log(traceback.format_exc())
        sys.exit(1)
