"""Load shapes and the load generators that drive them: wrk for HTTP/1.1, h2load for h2c."""

import json
import os
import re
import subprocess

WRK_THREADS = 2        # one per core of the reference machine; the same for every case
WRK_TIMEOUT = "2s"     # a response slower than this counts as a timeout error


class Shape:
    """One load shape: how many connections, closed loop or paced, HTTP/1.1 or h2c."""

    def __init__(self, name, kind, connections, rate=None, streams=None, description=""):
        self.name = name
        self.kind = kind              # "closed", "paced" or "h2c"
        self.connections = connections
        self.rate = rate
        self.streams = streams
        self.description = description

    @property
    def needs_h2c(self):
        return self.kind == "h2c"


SHAPES = {
    "h1-c32": Shape("h1-c32", "closed", 32,
                    description="HTTP/1.1 keep-alive, closed loop, 32 connections (wrk, 2 threads)"),
    "h1-c128": Shape("h1-c128", "closed", 128,
                     description="HTTP/1.1 keep-alive, closed loop, 128 connections (wrk, 2 threads)"),
    "h1-paced-1k": Shape("h1-paced-1k", "paced", 16, rate=1000,
                         description="HTTP/1.1 paced at 1,000 req/s over 16 connections (wrk + paced.lua), for latency"),
    "h2c-c32": Shape("h2c-c32", "h2c", 32, streams=10,
                     description="h2c prior knowledge, 32 connections x 10 concurrent streams (h2load, 2 threads)"),
}
DEFAULT_SHAPES = ["h1-c32", "h1-c128", "h1-paced-1k", "h2c-c32"]
QUICK_SHAPES = ["h1-c32", "h1-paced-1k"]


class LoadError(Exception):
    pass


def run_shape(shape, url, duration, lua_dir, scratch):
    if shape.kind == "h2c":
        return run_h2load(url, shape.connections, shape.streams, duration, scratch)
    return run_wrk(url, shape.connections, duration, lua_dir,
                   rate=shape.rate if shape.kind == "paced" else None)


def run_wrk(url, connections, duration, lua_dir, rate=None):
    script = os.path.join(lua_dir, "paced.lua" if rate else "report.lua")
    argv = ["wrk", "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{duration}s",
            "--timeout", WRK_TIMEOUT, "-s", script, url]
    if rate:
        argv += ["--", str(rate), str(WRK_THREADS)]
    env = dict(os.environ, BENCH_LUA_DIR=lua_dir)
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=duration + 30)
    return parse_wrk(done.stdout, done.stderr)


def parse_wrk(stdout, stderr=""):
    for line in stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            raw = json.loads(line[len("BENCH_JSON "):])
            break
    else:
        raise LoadError("wrk printed no summary: " + (stderr or stdout).strip()[-300:])
    seconds = raw["duration_us"] / 1e6
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds if seconds > 0 else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        # wrk counts responses with status >= 400 as status errors; the rest are socket errors
        "errors": sum(errors.values()),
        "errors_detail": dict(sorted(errors.items())),
    }


def run_h2load(url, connections, streams, duration, scratch):
    log = os.path.join(scratch, "h2load-requests.log")
    argv = ["h2load", "-t", str(min(WRK_THREADS, connections)), "-c", str(connections), "-m", str(streams),
            "-D", str(duration), "--log-file=" + log, url]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 30)
        return parse_h2load(done.stdout, log)
    finally:
        if os.path.exists(log):
            os.remove(log)


def probe_h2c(url):
    """None when url answers two h2c (prior knowledge) requests with 2xx, else why not."""
    try:
        done = subprocess.run(["h2load", "-n", "2", "-c", "1", url], capture_output=True, text=True, timeout=15)
    except subprocess.TimeoutExpired:
        return "h2c probe timed out"
    if re.search(r"status codes: 2 2xx", done.stdout):
        return None
    requests = _REQUESTS.search(done.stdout)
    if requests:
        return f"no h2c: {requests.group(4)} of 2 probe requests succeeded, {requests.group(6)} errored"
    return f"no h2c: h2load exited {done.returncode}"


_FINISHED = re.compile(r"finished in ([\d.]+)(m?s), ([\d.]+) req/s")
_REQUESTS = re.compile(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
                       r"(\d+) failed, (\d+) errored, (\d+) timeout")
_STATUS = re.compile(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx")


def parse_h2load(stdout, log_path):
    finished, requests, status = (_FINISHED.search(stdout), _REQUESTS.search(stdout), _STATUS.search(stdout))
    if not (finished and requests and status):
        raise LoadError("h2load printed no summary: " + stdout.strip()[-300:])
    durations = latencies_from_h2load_log(log_path)
    succeeded, failed, errored, timeout = (int(requests.group(i)) for i in (4, 5, 6, 7))
    if succeeded == 0 or not durations:
        raise LoadError("h2load: no request succeeded: " + stdout.strip()[-300:])
    redirects = int(status.group(2))
    return {
        "requests": succeeded,
        "rps": float(finished.group(3)),
        "p50_ms": percentile(durations, 50) / 1000,
        "p90_ms": percentile(durations, 90) / 1000,
        "p99_ms": percentile(durations, 99) / 1000,
        # h2load's "failed" counts 4xx/5xx and requests without a response; 3xx it calls success, we do not
        "errors": failed + redirects,
        "errors_detail": {"errored": errored, "failed": failed, "status_3xx": redirects, "timeout": timeout},
    }


def latencies_from_h2load_log(path):
    """Request durations (µs) from h2load's --log-file: start time, status, duration, tab separated."""
    durations = []
    try:
        with open(path) as f:
            for line in f:
                parts = line.split("\t")
                if len(parts) >= 3 and parts[1].startswith("2"):
                    durations.append(int(parts[2]))
    except OSError:
        return []
    durations.sort()
    return durations


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]
