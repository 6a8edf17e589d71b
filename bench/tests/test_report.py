"""Aggregation: per-round ratios to direct and to HAProxy on the same path, then medians."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))

import load  # noqa: E402
import report  # noqa: E402
from cases import CASES  # noqa: E402


def run(round_index, rps, p50=1.0, p99=2.0, cpu=None, rss=None):
    return {"round": round_index, "rps": rps, "p50_ms": p50, "p90_ms": p50, "p99_ms": p99, "errors": 0,
            "cpu_us_per_req": cpu, "rss_mb": rss, "requests": int(rps * 10)}


class SummarizeTest(unittest.TestCase):

    def setUp(self):
        self.cases = [CASES["direct"], CASES["haproxy-1hop"], CASES["nginx-1hop"]]
        self.results = {
            "direct": {"h1-c32": [run(0, 100.0, p50=0.1), run(1, 200.0, p50=0.1), run(2, 100.0, p50=0.1)]},
            "haproxy-1hop": {"h1-c32": [run(0, 50.0, p50=0.3, cpu=10, rss=20),
                                        run(1, 50.0, p50=0.4, cpu=12, rss=21),
                                        run(2, 40.0, p50=0.5, cpu=11, rss=19)]},
            "nginx-1hop": {"h1-c32": [run(0, 60.0), run(1, 40.0), {"round": 2, "error": "died"}]},
        }

    def test_ratios_are_taken_per_round_then_medians(self):
        summary = report.summarize(self.results, self.cases, ["h1-c32"])
        haproxy = summary["haproxy-1hop"]["h1-c32"]
        # per round 0.5, 0.25, 0.4 -> median 0.4 (not the ratio of medians, 50/100 = 0.5)
        self.assertEqual(haproxy["ratio_to_direct"], 0.4)
        self.assertEqual(haproxy["ratio_to_haproxy"], 1.0)
        self.assertEqual(haproxy["median"]["rps"], 50)
        self.assertEqual(haproxy["median"]["cpu_us_per_req"], 11)
        self.assertEqual(haproxy["added_latency_ms"], {"p50": 0.3, "p99": 0.0})

    def test_rounds_that_failed_are_left_out_of_the_medians(self):
        summary = report.summarize(self.results, self.cases, ["h1-c32"])
        nginx = summary["nginx-1hop"]["h1-c32"]
        self.assertEqual(nginx["rounds_ok"], 2)
        # per round 60/50 = 1.2 and 40/50 = 0.8
        self.assertEqual(nginx["ratio_to_haproxy"], 1.0)
        self.assertEqual(nginx["ratio_to_direct"], 0.4)

    def test_direct_has_no_haproxy_ratio_nor_added_latency(self):
        direct = report.summarize(self.results, self.cases, ["h1-c32"])["direct"]["h1-c32"]
        self.assertIsNone(direct["ratio_to_haproxy"])
        self.assertIsNone(direct["added_latency_ms"])
        self.assertEqual(direct["ratio_to_direct"], 1.0)

    def test_a_case_that_never_ran_is_reported_with_its_reason(self):
        results = dict(self.results, **{"banyan-1hop": {"h1-c32": [{"round": 0, "skipped": "no launcher"}]}})
        cases = self.cases + [CASES["banyan-1hop"]]
        summary = report.summarize(results, cases, ["h1-c32"])
        self.assertEqual(summary["banyan-1hop"]["h1-c32"]["status"], "skipped")
        self.assertEqual(summary["banyan-1hop"]["h1-c32"]["reason"], "no launcher")
        table = report.markdown({"generated": "now", "rounds": 3, "duration_s": 10, "warmup_s": 3, "cpus": 2,
                                 "proxy_threads": 1}, cases, ["h1-c32"], load.SHAPES, summary, {})
        row = next(line for line in table.splitlines() if line.startswith("| banyan-1hop"))
        self.assertEqual(row.count("|"), 12)
        self.assertIn("skipped: no launcher", row)


if __name__ == "__main__":
    unittest.main()
