"""bench/controlplane: a control plane at scale, measured by the xds-load generator (bench/xds-load)."""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

import cpreport
import report
from banyan import Banyan, LauncherUnavailable
from procs import Child, process_tree, run_main

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(BENCH_DIR)
MODULE = os.path.join(BENCH_DIR, "xds-load")
MAIN_CLASS = "io.banyan.bench.xds.LoadGenerator"
DEFAULT_OUTPUT = os.path.join(BENCH_DIR, "results", "controlplane.json")


def log(message):
    print(message, file=sys.stderr, flush=True)


def seconds(text):
    """60, 60s, 2m or 1h as seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    text = str(text).strip()
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' (expected: seconds like 60, 60s, 2m)")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/controlplane",
                                     description="N real ADS streams against a real control plane: push latency, "
                                                 "CPU, heap and RSS, cold start.")
    parser.add_argument("--nodes", type=int, default=100, help="ADS streams (sidecars) held (default 100)")
    parser.add_argument("--services", type=int, default=100, help="services registered (default 100)")
    parser.add_argument("--instances-per-service", type=int, default=10, help="instances per service (default 10)")
    parser.add_argument("--changes-per-second", type=float, default=5.0, help="churn rate (default 5)")
    parser.add_argument("--duration", type=seconds, default=60, help="churn phase, e.g. 60s (default 60s)")
    parser.add_argument("--protocol", choices=["delta", "sotw"], default="delta", help="ADS flavour (default delta)")
    parser.add_argument("--curve", default=None, help="comma-separated node counts, e.g. 100,300,1000,3000: one run "
                                                      "each (a fresh control plane), same other options")
    parser.add_argument("--connections", type=int, default=16, help="concurrent admin API connections (default 16)")
    parser.add_argument("--ttl", type=seconds, default=10, help="instance TTL; heartbeats every third (default 10s)")
    parser.add_argument("--control-plane-heap", default="1g",
                        help="the control plane's -Xmx (default 1g; ./banyan ships 256m): the bench measures the heap "
                             "it needs after a GC rather than dying at the shipped limit; 'shipped' keeps it")
    parser.add_argument("--cold-start-timeout", type=seconds, default=None,
                        help="how long all N may take to ACK a whole config (default 120 s + 0.5 s per node)")
    parser.add_argument("--timeout", type=seconds, default=None,
                        help="wall-clock limit per run (default: duration + cold-start timeout + 300 s + 0.2 s per "
                             "node)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="JSON file; the Markdown goes next to it (.md)")
    parser.add_argument("--keep-tmp", action="store_true", help="keep the data dirs and logs (the temp dir is printed)")
    args = parser.parse_args(argv)
    for field in ("nodes", "services", "instances_per_service", "connections"):
        if getattr(args, field) < 1:
            parser.error(f"--{field.replace('_', '-')}: {getattr(args, field)} (expected: >= 1)")
    if not 0 <= args.changes_per_second <= 1000:
        parser.error(f"--changes-per-second: {args.changes_per_second} (expected: 0..1000)")
    if args.duration < 1:
        parser.error(f"--duration: {args.duration} (expected: >= 1s)")
    args.node_counts = curve(parser, args.curve) if args.curve else [args.nodes]
    return args


def curve(parser, text):
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        parser.error(f"--curve: '{text}' (expected: node counts like 100,300,1000)")
    if not counts or any(count < 1 for count in counts):
        parser.error(f"--curve: '{text}' (expected: node counts >= 1)")
    return counts


def build():
    """Builds the generator and its runtime libs with the cpbench profile (never part of mvn verify)."""
    flags = os.environ.get("BANYAN_MVN_FLAGS", "").split()
    argv = ["mvn", "-B", "-q", *flags, "-f", os.path.join(REPO, "pom.xml"), "-Pcpbench", "-pl", "bench/xds-load",
            "-am", "package", "-DskipTests"]
    log("building bench/xds-load: " + " ".join(argv))
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("mvn failed:\n" + "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:]))
    target = os.path.join(MODULE, "target")
    return os.path.join(target, "classes") + os.pathsep + os.path.join(target, "lib", "*")


def jvm_pid(root):
    """The java process under the launcher's process tree (./banyan may exec or fork it)."""
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == "java":
                    return pid
        except OSError:
            continue
    return root


def run_point(args, nodes, classpath, banyan, scratch):
    workdir = os.path.join(scratch, f"nodes-{nodes}")
    os.makedirs(workdir, exist_ok=True)
    cold_start = args.cold_start_timeout or (120 + nodes // 2)
    limit = args.timeout or (args.duration + cold_start + 300 + int(nodes * 0.2))
    log(f"[{nodes} nodes] starting a control plane")
    cp = banyan.control_plane(workdir)
    generator = None
    try:
        pid = jvm_pid(cp.child.pid)
        out = os.path.join(workdir, "xds-load.json")
        java_opts = os.environ.get("BANYAN_CPBENCH_JAVA_OPTS", "-Xmx2g -XX:+UseParallelGC").split()
        argv = ["java", *java_opts, "-cp", classpath, MAIN_CLASS,
                "--host", "127.0.0.1", "--admin-port", str(cp.admin_port), "--xds-port", str(cp.xds_port),
                "--admin-token", cp.admin_token, "--nodes", str(nodes), "--services", str(args.services),
                "--instances-per-service", str(args.instances_per_service),
                "--changes-per-second", str(args.changes_per_second), "--duration", f"{args.duration}s",
                "--protocol", args.protocol, "--connections", str(args.connections), "--ttl", f"{args.ttl}s",
                "--control-plane-pid", str(pid), "--cold-start-timeout", f"{cold_start}s", "--output", out]
        log(f"[{nodes} nodes] generator running (limit {limit} s; log {os.path.join(workdir, 'xds-load.log')})")
        generator = Child("xds-load", argv, os.path.join(workdir, "xds-load.log"), cwd=REPO)
        deadline = time.monotonic() + limit
        while generator.alive() and time.monotonic() < deadline:
            time.sleep(0.5)
        if generator.alive():
            generator.stop()
            return {"nodes": nodes, "error": f"the generator did not finish within {limit} s"}
        if not os.path.exists(out):
            return {"nodes": nodes, "error": "no result: " + generator.last_words()}
        with open(out) as f:
            result = json.load(f)
        result["nodes"] = nodes
        if generator.popen.returncode != 0 and "error" not in result:
            result["error"] = generator.last_words()
        result["bottleneck"] = cpreport.bottleneck(result, os.cpu_count() or 1)
        if not cp.child.alive():
            result["error"] = "the control plane died: " + cp.child.last_words()
        return result
    finally:
        if generator:
            generator.stop()
        cp.child.stop()


def commit():
    done = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "?"


def main(argv):
    args = parse_args(argv)
    banyan = Banyan(REPO, os.cpu_count() or 1)
    if args.control_plane_heap != "shipped":
        banyan.env["BANYAN_JAVA_OPTS"] += f" -Xmx{args.control_plane_heap}"
    log("checking ./banyan (builds the jars the first time) ...")
    try:
        banyan.check()
    except LauncherUnavailable as e:
        log(f"bench/controlplane: {e}")
        return 2
    classpath = build()
    scratch = tempfile.mkdtemp(prefix="banyan-cpbench-")
    log(f"scratch directory: {scratch}")
    points = []
    try:
        for nodes in args.node_counts:
            try:
                point = run_point(args, nodes, classpath, banyan, scratch)
            except Exception as e:  # one failed point must not hide the others
                point = {"nodes": nodes, "error": str(e).strip().splitlines()[0] if str(e).strip() else repr(e)}
            points.append(point)
            log(f"[{nodes} nodes] " + cpreport.one_line(point))
    finally:
        if args.keep_tmp:
            log(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    meta = {
        "generated": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "commit": commit(), "cpus": os.cpu_count(), "kernel": platform.release(),
        "services": args.services, "instances_per_service": args.instances_per_service,
        "changes_per_second": args.changes_per_second, "duration_s": args.duration, "protocol": args.protocol,
        "connections": args.connections, "ttl_s": args.ttl,
        "control_plane_heap": args.control_plane_heap, "node_counts": args.node_counts,
    }
    doc = cpreport.document(meta, points)
    report.write_json(doc, args.output)
    text = cpreport.markdown(meta, points)
    markdown_path = os.path.splitext(args.output)[0] + ".md"
    with open(markdown_path, "w") as f:
        f.write(text + "\n")
    print(text)
    log(f"wrote {args.output} and {markdown_path}")
    return 1 if any("error" in point for point in points) else 0


if __name__ == "__main__":
    run_main(main, log)
