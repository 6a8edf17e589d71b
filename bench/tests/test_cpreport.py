"""bench/controlplane's report: the bottleneck verdict and the Markdown table."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))

import cpbench  # noqa: E402
import cpreport  # noqa: E402

META = {"generated": "now", "commit": "abc", "services": 100, "instances_per_service": 10, "changes_per_second": 5.0,
        "duration_s": 60, "protocol": "delta", "ttl_s": 10, "connections": 4, "cpus": 2}


def point(nodes, cp_cpu, gen_cpu, p99=800.0):
    return {"nodes": nodes,
            "churn": {"latency_ms": {"p50": 100.0, "p99": p99, "max": 900.0}, "completed": 300, "expired": 0,
                      "affected_nodes_per_change": 12.5, "responses_per_change": 40.0, "bytes_per_change": 20480,
                      "control_plane_cpu_percent": cp_cpu, "generator_cpu_percent": gen_cpu,
                      "heartbeats_per_second": 290.0, "heartbeats_target_per_second": 300.0},
            "cold_start": {"seconds": 4.2, "per_node_ms": {"p99": 3900.0}, "control_plane_cpu_s": 3.0},
            "control_plane": {"heap_after_gc_mb": 123.4, "peak_rss_mb": 400.0},
            "registration": {"per_second": 88.0}}


class BottleneckTest(unittest.TestCase):

    def test_an_unsaturated_machine_has_no_bottleneck(self):
        self.assertEqual(cpreport.bottleneck(point(100, 60, 40), 2), "none")

    def test_a_saturated_machine_names_the_larger_consumer(self):
        self.assertEqual(cpreport.bottleneck(point(100, 60, 120), 2), "generator")
        self.assertEqual(cpreport.bottleneck(point(100, 150, 30), 2), "control plane")

    def test_a_point_without_churn_is_unknown(self):
        self.assertEqual(cpreport.bottleneck({"nodes": 3, "error": "x"}, 2), "unknown")


class MarkdownTest(unittest.TestCase):

    def test_one_row_per_point_with_every_column(self):
        text = cpreport.markdown(META, [point(100, 60, 40), {"nodes": 3000, "error": "did not finish | in 900 s"}])
        rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
        header, row, failed = rows[0], rows[1], rows[2]
        self.assertEqual(row.count("|"), header.count("|"))
        self.assertEqual(failed.count("|"), header.count("|"))
        self.assertIn("| 100 | 100 / 800 / 900 |", row)
        self.assertIn("| 20.0 |", row)
        self.assertIn("failed: did not finish / in 900 s", failed)

    def test_a_missing_value_shows_as_a_dash(self):
        p = point(100, 60, 40)
        del p["control_plane"]["heap_after_gc_mb"]
        row = [line for line in cpreport.markdown(META, [p]).splitlines() if line.startswith("| 100")][0]
        self.assertIn("| – |", row)


class ArgsTest(unittest.TestCase):

    def test_the_curve_and_durations_parse(self):
        args = cpbench.parse_args(["--curve", "100,300,1000", "--duration", "2m"])
        self.assertEqual(args.node_counts, [100, 300, 1000])
        self.assertEqual(args.duration, 120)
        self.assertEqual(cpbench.parse_args([]).node_counts, [100])

    def test_a_bad_curve_is_refused(self):
        with self.assertRaises(SystemExit):
            cpbench.parse_args(["--curve", "100,abc"])


if __name__ == "__main__":
    unittest.main()
