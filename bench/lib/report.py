"""Per-round ratios, medians across rounds, the Markdown table and the JSON document."""

import json
import os
import statistics

METRICS = ["rps", "p50_ms", "p90_ms", "p99_ms", "errors", "cpu_us_per_req", "rss_mb"]
DIGITS = {"rps": 0, "p50_ms": 3, "p90_ms": 3, "p99_ms": 3, "errors": 0, "cpu_us_per_req": 1, "rss_mb": 1}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _rounded(value, digits):
    if value is None:
        return None
    return int(round(value)) if digits == 0 else round(value, digits)


def _by_round(runs):
    return {run["round"]: run for run in runs if "rps" in run}


def summarize(results, cases, shapes):
    """results[case][shape] is a list of per-round runs; returns summary[case][shape]."""
    summary = {}
    for case in cases:
        summary[case.name] = {}
        for shape in shapes:
            runs = results.get(case.name, {}).get(shape, [])
            summary[case.name][shape] = _summarize_one(case, shape, runs, results)
    return summary


def _summarize_one(case, shape, runs, results):
    ok = _by_round(runs)
    entry = {"rounds": runs, "rounds_ok": len(ok)}
    if not ok:
        reasons = sorted({run.get("skipped") or run.get("error") or "not run" for run in runs}) or ["not run"]
        entry["status"] = "skipped" if all("skipped" in run for run in runs) and runs else "failed"
        entry["reason"] = "; ".join(reasons)
        return entry
    entry["status"] = "ok"
    entry["median"] = {m: _rounded(median(run.get(m) for run in ok.values()), DIGITS[m]) for m in METRICS}
    direct = _by_round(results.get("direct", {}).get(shape, []))
    ratio_direct, added_p50, added_p99, ratio_haproxy = [], [], [], []
    for index, run in ok.items():
        if index in direct and direct[index]["rps"] > 0:
            ratio_direct.append(run["rps"] / direct[index]["rps"])
            added_p50.append(run["p50_ms"] - direct[index]["p50_ms"])
            added_p99.append(run["p99_ms"] - direct[index]["p99_ms"])
    reference = case.haproxy_reference
    if reference:
        haproxy = _by_round(results.get(reference, {}).get(shape, []))
        ratio_haproxy = [run["rps"] / haproxy[i]["rps"] for i, run in ok.items()
                         if i in haproxy and haproxy[i]["rps"] > 0]
    entry["ratio_to_direct"] = _rounded(median(ratio_direct), 3)
    entry["ratio_to_haproxy"] = _rounded(median(ratio_haproxy), 3)
    entry["added_latency_ms"] = (None if case.path == "direct" else
                                 {"p50": _rounded(median(added_p50), 3), "p99": _rounded(median(added_p99), 3)})
    return entry


def document(meta, cases, shapes, shape_defs, summary, notes):
    return {
        "schema": 1,
        "meta": meta,
        "shapes": {name: shape_defs[name].description for name in shapes},
        "cases": {case.name: {"path": case.path, "description": case.description,
                              "note": notes.get(case.name, ""),
                              "shapes": summary[case.name]} for case in cases},
    }


def write_json(doc, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def _fmt(value, digits=2, suffix=""):
    if value is None:
        return "–"
    if digits == 0:
        return f"{value:,.0f}{suffix}"
    return f"{value:.{digits}f}{suffix}"


def markdown(meta, cases, shapes, shape_defs, summary, notes):
    lines = [f"## Banyan bench — {meta['generated']}", "",
             f"{meta['rounds']} round(s) × {meta['duration_s']} s per run, warm-up {meta['warmup_s']} s, "
             f"{meta['cpus']} CPUs, proxy budget {meta['proxy_threads']} worker thread(s) each; "
             "medians across rounds. Ratios are per round (same round's `direct` / HAProxy on the same path), "
             "then medians. CPU is the proxies' own (utime+stime, all threads; Banyan's control plane excluded).",
             ""]
    for shape in shapes:
        lines += [f"### {shape} — {shape_defs[shape].description}", "",
                  "| case | req/s | × direct | × HAProxy | p50 ms | p90 ms | p99 ms | +p50 / +p99 ms | errors "
                  "| proxy CPU µs/req | peak RSS MB/proxy |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for case in cases:
            entry = summary[case.name][shape]
            name = case.name + (" ⚠" if notes.get(case.name) else "")
            if entry["status"] != "ok":
                reason = entry["reason"].splitlines()[0].replace("|", "/")[:160] if entry["reason"] else ""
                lines.append(f"| {name} | {entry['status']}: {reason} |" + " |" * 9)
                continue
            m = entry["median"]
            added = entry["added_latency_ms"]
            added_text = "–" if added is None else f"{_fmt(added['p50'], 3)} / {_fmt(added['p99'], 3)}"
            lines.append(
                f"| {name} | {_fmt(m['rps'], 0)} | {_fmt(entry['ratio_to_direct'])} | "
                f"{_fmt(entry['ratio_to_haproxy'])} | {_fmt(m['p50_ms'], 3)} | {_fmt(m['p90_ms'], 3)} | "
                f"{_fmt(m['p99_ms'], 3)} | {added_text} | {_fmt(m['errors'], 0)} | "
                f"{_fmt(m['cpu_us_per_req'], 1)} | {_fmt(m['rss_mb'], 1)} |")
        lines.append("")
    flagged = [(case.name, notes[case.name]) for case in cases if notes.get(case.name)]
    if flagged:
        lines += ["Notes:", ""] + [f"- ⚠ {name}: {note}" for name, note in flagged] + [""]
    return "\n".join(lines)
