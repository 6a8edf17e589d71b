"""The harness: start the backend, then for each round start each case, warm it up and measure each shape."""

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile

import cases as case_defs
import configs
import load
import net
import report
from banyan import Banyan, LauncherUnavailable
from certs import make_mesh_certs
from procs import MeterSet, ProxyMeter, run_main

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(BENCH_DIR)
MAX_DURATION = 15


def log(message):
    print(message, file=sys.stderr, flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/run", description="Banyan vs HAProxy vs nginx, side by side.")
    parser.add_argument("--rounds", type=int, default=None, help="rounds of interleaved cases (default 3)")
    parser.add_argument("--duration", type=int, default=None, help="seconds per measured run (default 10, max 15)")
    parser.add_argument("--warmup", type=int, default=None, help="seconds of warm-up per case per round (default 10; 5 with --quick): a JVM needs its JIT warm, and every case gets the same")
    parser.add_argument("--cases", default=None, help="comma-separated (default: all): " + ",".join(case_defs.CASES))
    parser.add_argument("--shapes", default=None, help="comma-separated (default: all): " + ",".join(load.SHAPES))
    parser.add_argument("--quick", action="store_true",
                        help="1 round, 5 s, 2 s warm-up, shapes " + ",".join(load.QUICK_SHAPES))
    parser.add_argument("--proxy-threads", type=int, default=1,
                        help="worker threads/processes for every proxy and the backend (default 1)")
    parser.add_argument("--output", default=os.path.join(BENCH_DIR, "results", "latest.json"))
    parser.add_argument("--keep-tmp", action="store_true", help="keep configs and logs in the temp dir")
    args = parser.parse_args(argv)
    args.rounds = args.rounds if args.rounds is not None else (1 if args.quick else 3)
    args.duration = args.duration if args.duration is not None else (5 if args.quick else 10)
    args.warmup = args.warmup if args.warmup is not None else (5 if args.quick else 10)
    shapes = args.shapes or ",".join(load.QUICK_SHAPES if args.quick else load.DEFAULT_SHAPES)
    args.shape_names = _names(parser, shapes, load.SHAPES, "shapes")
    args.case_names = _names(parser, args.cases or ",".join(case_defs.DEFAULT_CASES), case_defs.CASES, "cases")
    if not 1 <= args.duration <= MAX_DURATION:
        parser.error(f"--duration: {args.duration} (expected: 1..{MAX_DURATION})")
    if args.rounds < 1:
        parser.error(f"--rounds: {args.rounds} (expected: >= 1)")
    if args.warmup < 0:
        parser.error(f"--warmup: {args.warmup} (expected: >= 0)")
    if args.proxy_threads < 1:
        parser.error(f"--proxy-threads: {args.proxy_threads} (expected: >= 1)")
    return args


def _names(parser, text, known, field):
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        parser.error(f"--{field}: {','.join(unknown) or 'empty'} (expected: some of {','.join(known)})")
    return list(dict.fromkeys(names))


def tool_versions():
    versions = {}
    for tool, argv in {"wrk": ["wrk", "-v"], "h2load": ["h2load", "--version"], "haproxy": ["haproxy", "-v"],
                       "nginx": ["nginx", "-v"], "openssl": ["openssl", "version"]}.items():
        done = subprocess.run(argv, capture_output=True, text=True)
        text = (done.stdout + done.stderr).strip().splitlines()
        versions[tool] = text[0].strip() if text else "?"
    return versions


def measure(running, shape, duration, scratch):
    url = running.h2c_url if shape.needs_h2c else running.url
    if url is None:
        return {"skipped": "the front does not speak h2c"}
    if shape.needs_h2c:
        why_not = load.probe_h2c(url)
        if why_not:
            return {"skipped": why_not}
    meters = [ProxyMeter(child.name, child.pid) for child in running.proxies]
    with MeterSet(meters):
        result = load.run_shape(shape, url, duration, os.path.join(BENCH_DIR, "lua"), scratch)
    dead = running.dead()
    if dead:
        raise RuntimeError("died during the run: " + ", ".join(dead))
    result["rps"] = round(result["rps"], 1)
    if meters:
        cpu = sum(m.cpu_used() for m in meters)
        result["proxy_cpu_s"] = round(cpu, 3)
        result["cpu_us_per_req"] = round(cpu * 1e6 / result["requests"], 2) if result["requests"] else None
        result["rss_mb"] = round(max(m.peak_rss_kb for m in meters) / 1024, 1)
        result["proxies"] = {m.name: {"cpu_s": round(m.cpu_used(), 3), "peak_rss_mb": round(m.peak_rss_kb / 1024, 1)}
                             for m in meters}
    else:
        result["cpu_us_per_req"] = None
        result["rss_mb"] = None
    return result


def run_round(index, args, env, chosen, results, notes, scratch):
    for case in chosen:
        log(f"[round {index + 1}/{args.rounds}] {case.name}: starting")
        try:
            running = case.start(env)
        except Exception as e:  # one broken case must not hide the others' numbers
            reason = str(e).strip() or type(e).__name__
            log(f"  {case.name} did not start: {reason}")
            for shape in args.shape_names:
                results[case.name][shape].append({"round": index, "error": "did not start: " + reason})
            continue
        try:
            if running.note:
                notes[case.name] = running.note
            if args.warmup:
                warm_up(running, args, scratch)
            for shape_name in args.shape_names:
                try:
                    result = measure(running, load.SHAPES[shape_name], args.duration, scratch)
                except Exception as e:
                    result = {"error": str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__}
                result["round"] = index
                results[case.name][shape_name].append(result)
                log(f"  {shape_name}: " + (_one_line(result)))
        finally:
            running.stop()


def warm_up(running, args, scratch):
    """The same unmeasured load for every case: wrk at 32 connections, then h2load as well when an h2c shape is
    measured and the front speaks h2c (a JIT compiles what runs: under wrk alone a JVM's HTTP/2 path is still cold
    when h2load starts measuring)."""
    load.run_wrk(running.url, 32, args.warmup, os.path.join(BENCH_DIR, "lua"))
    h2c_shapes = [load.SHAPES[name] for name in args.shape_names if load.SHAPES[name].needs_h2c]
    if h2c_shapes and running.h2c_url and not load.probe_h2c(running.h2c_url):
        shape = h2c_shapes[0]
        load.run_h2load(running.h2c_url, shape.connections, shape.streams, args.warmup, scratch)


def _one_line(result):
    if "rps" not in result:
        return result.get("skipped") or result.get("error")
    text = f"{result['rps']:,.0f} req/s p50 {result['p50_ms']:.3f} p99 {result['p99_ms']:.3f} ms errors {result['errors']}"
    if result.get("cpu_us_per_req") is not None:
        text += f", proxy CPU {result['cpu_us_per_req']:.1f} µs/req, RSS {result['rss_mb']:.1f} MB"
    return text


def main(argv):
    args = parse_args(argv)
    chosen = [case_defs.CASES[name] for name in args.case_names]
    if "direct" not in args.case_names:
        log("note: without the direct case there are no ratios to direct")
    banyan = Banyan(REPO, args.proxy_threads)
    banyan_chosen = [c for c in chosen if c.name in case_defs.BANYAN_CASES]
    notes = {}
    if banyan_chosen:
        log("checking ./banyan (builds the jars the first time) ...")
        try:
            banyan.check()
        except LauncherUnavailable as e:
            log(f"WARNING: Banyan cases cannot run: {e}")
            for case in banyan_chosen:
                notes[case.name] = f"not run: {e}"

    tmp = tempfile.mkdtemp(prefix="banyan-bench-")
    os.chmod(tmp, 0o755)
    log(f"scratch directory: {tmp}")
    backend = None
    try:
        backend_port, backend_h2c_port = net.free_port(), net.free_port()
        certs_holder = []

        def certs():
            if not certs_holder:
                certs_holder.append(make_mesh_certs(os.path.join(tmp, "certs")))
            return certs_holder[0]

        env = case_defs.Env(tmp, args.proxy_threads, backend_port, backend_h2c_port, certs, banyan)
        backend = case_defs.start_nginx(env, "backend", lambda d: configs.nginx_backend(
            d, backend_port, backend_h2c_port, args.proxy_threads))
        if not net.wait_for_200(f"http://127.0.0.1:{backend_port}/", 15, backend.alive):
            raise RuntimeError("backend nginx did not start:\n" + backend.log_tail())
        results = {case.name: {shape: [] for shape in args.shape_names} for case in chosen}
        runnable = [c for c in chosen if not notes.get(c.name, "").startswith("not run")]
        for case in chosen:
            if case not in runnable:
                for shape in args.shape_names:
                    results[case.name][shape].append({"round": 0, "skipped": notes[case.name]})
        for index in range(args.rounds):
            run_round(index, args, env, runnable, results, notes, tmp)
    finally:
        if backend:
            backend.stop()
        if args.keep_tmp:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    meta = {
        "generated": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "rounds": args.rounds, "duration_s": args.duration, "warmup_s": args.warmup,
        "proxy_threads": args.proxy_threads, "load_generator_threads": load.WRK_THREADS,
        "cpus": os.cpu_count(), "kernel": platform.release(), "tools": tool_versions(),
        "order": [c.name for c in chosen],
    }
    summary = report.summarize(results, chosen, args.shape_names)
    doc = report.document(meta, chosen, args.shape_names, load.SHAPES, summary, notes)
    report.write_json(doc, args.output)
    print(report.markdown(meta, chosen, args.shape_names, load.SHAPES, summary, notes))
    log(f"wrote {args.output}")
    failed = [f"{c}/{s}" for c in summary for s in summary[c] if summary[c][s]["status"] == "failed"]
    if failed:
        log("FAILED: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    run_main(main, log)
