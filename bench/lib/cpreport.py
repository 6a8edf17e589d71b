"""bench/controlplane's results: the JSON document, the bottleneck verdict and the Markdown table."""

SATURATED = 0.85


def bottleneck(point, cpus):
    """Who limited the churn phase: the machine is saturated when control plane + generator use 85 % of every core;
    then the larger consumer is the bottleneck, else nothing was (the numbers are the control plane's own)."""
    churn = point.get("churn")
    if not churn:
        return "unknown"
    cp = churn.get("control_plane_cpu_percent", 0) or 0
    gen = churn.get("generator_cpu_percent", 0) or 0
    if cp + gen < SATURATED * 100 * cpus:
        return "none"
    return "generator" if gen > cp else "control plane"


def document(meta, points):
    return {"schema": 1, "meta": meta, "points": points}


def _get(point, *path):
    value = point
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _fmt(value, digits=0, scale=1.0):
    if value is None or (isinstance(value, (int, float)) and value < 0):
        return "–"
    value = value / scale
    return f"{value:,.0f}" if digits == 0 else f"{value:,.{digits}f}"


def one_line(point):
    if "error" in point and "churn" not in point:
        return "error: " + point["error"]
    return (f"change p50 {_fmt(_get(point, 'churn', 'latency_ms', 'p50'))} ms, "
            f"p99 {_fmt(_get(point, 'churn', 'latency_ms', 'p99'))} ms, "
            f"cold start {_fmt(_get(point, 'cold_start', 'seconds'), 1)} s, "
            f"heap {_fmt(_get(point, 'control_plane', 'heap_after_gc_mb'))} MB, "
            f"bottleneck {point.get('bottleneck', '?')}")


COLUMNS = [
    ("nodes", lambda p: _fmt(p.get("nodes"))),
    ("change p50 / p99 / max ms", lambda p: " / ".join(_fmt(_get(p, "churn", "latency_ms", q))
                                                        for q in ("p50", "p99", "max"))),
    ("changes done / expired", lambda p: f"{_fmt(_get(p, 'churn', 'completed'))} / "
                                         f"{_fmt(_get(p, 'churn', 'expired'))}"),
    ("affected nodes / change", lambda p: _fmt(_get(p, "churn", "affected_nodes_per_change"), 1)),
    ("responses / change", lambda p: _fmt(_get(p, "churn", "responses_per_change"), 1)),
    ("KB / change", lambda p: _fmt(_get(p, "churn", "bytes_per_change"), 1, 1024)),
    ("CP CPU % (churn)", lambda p: _fmt(_get(p, "churn", "control_plane_cpu_percent"))),
    ("gen CPU % (churn)", lambda p: _fmt(_get(p, "churn", "generator_cpu_percent"))),
    ("cold start s (p99 node ms)", lambda p: f"{_fmt(_get(p, 'cold_start', 'seconds'), 1)} "
                                             f"({_fmt(_get(p, 'cold_start', 'per_node_ms', 'p99'))})"),
    ("cold start CP CPU s", lambda p: _fmt(_get(p, "cold_start", "control_plane_cpu_s"), 1)),
    ("heap after GC MB", lambda p: _fmt(_get(p, "control_plane", "heap_after_gc_mb"))),
    ("CP peak RSS MB", lambda p: _fmt(_get(p, "control_plane", "peak_rss_mb"))),
    ("registrations/s", lambda p: _fmt(_get(p, "registration", "per_second"))),
    ("heartbeats/s (target)", lambda p: f"{_fmt(_get(p, 'churn', 'heartbeats_per_second'))} "
                                        f"({_fmt(_get(p, 'churn', 'heartbeats_target_per_second'))})"),
    ("bottleneck", lambda p: p.get("bottleneck", "–")),
]


def markdown(meta, points):
    lines = [f"## Banyan control plane at scale — {meta['generated']} ({meta['commit']})", "",
             f"{meta['services']} services × {meta['instances_per_service']} instances, "
             f"{meta['changes_per_second']:g} changes/s for {meta['duration_s']} s, {meta['protocol']} ADS, "
             f"TTL {meta['ttl_s']} s (every instance heartbeated every third of it over "
             f"{meta['connections']} admin connections), {meta['cpus']} CPUs shared by the control plane and the "
             "generator. A change's latency runs from its write's acknowledgement to the ACK of the last node "
             "holding (or declaring) the changed service.", "",
             "| " + " | ".join(name for name, _ in COLUMNS) + " |",
             "| " + " | ".join("---" if i == len(COLUMNS) - 1 else "---:" for i in range(len(COLUMNS))) + " |"]
    failed = []
    for point in points:
        if "churn" not in point:
            lines.append(f"| {_fmt(point.get('nodes'))} | failed: "
                         f"{str(point.get('error', '?')).replace('|', '/')[:160]} |" + " |" * (len(COLUMNS) - 2))
            continue
        lines.append("| " + " | ".join(render(point) for _, render in COLUMNS) + " |")
        if "error" in point:
            failed.append(point)
    lines.append("")
    for point in failed:
        lines.append(f"- ⚠ {point['nodes']} nodes: {point['error']}")
    return "\n".join(lines).rstrip() + "\n"
