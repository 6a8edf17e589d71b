"""Parsing what wrk (through report.lua) and h2load print."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))

import load  # noqa: E402

WRK_OUT = """Running 10s test @ http://127.0.0.1:1234/
  2 threads and 32 connections
BENCH_JSON {"requests":200000,"duration_us":10000000,"bytes":1,"p50_us":150,"p90_us":300,"p99_us":1200,"max_us":9000,"mean_us":170.5,"errors":{"connect":0,"read":1,"write":0,"status":3,"timeout":2}}
"""

H2LOAD_OUT = """finished in 10.00s, 1234.50 req/s, 1.00MB/s
requests: 12345 total, 12400 started, 12345 done, 12340 succeeded, 5 failed, 2 errored, 1 timeout
status codes: 12340 2xx, 1 3xx, 2 4xx, 0 5xx
"""


class ParseTest(unittest.TestCase):

    def test_wrk_summary_becomes_rate_percentiles_and_errors(self):
        result = load.parse_wrk(WRK_OUT)
        self.assertEqual(result["rps"], 20000.0)
        self.assertEqual((result["p50_ms"], result["p90_ms"], result["p99_ms"]), (0.15, 0.3, 1.2))
        self.assertEqual(result["errors"], 6)

    def test_wrk_without_summary_is_an_error(self):
        with self.assertRaises(load.LoadError):
            load.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused", "")

    def test_h2load_summary_and_log_give_rate_percentiles_and_errors(self):
        with tempfile.NamedTemporaryFile("w", delete=False) as log:
            for i in range(1, 101):
                log.write(f"1795577904590115\t200\t{i * 10}\n")
            log.write("1795577904590115\t503\t999999\n")
        try:
            result = load.parse_h2load(H2LOAD_OUT, log.name)
        finally:
            os.remove(log.name)
        self.assertEqual(result["rps"], 1234.5)
        self.assertEqual(result["p50_ms"], 0.5)
        self.assertEqual(result["p99_ms"], 0.99)
        self.assertEqual(result["errors"], 6)  # 5 failed + 1 redirect

    def test_nearest_rank_percentile(self):
        self.assertEqual(load.percentile([1, 2, 3, 4], 50), 2)
        self.assertEqual(load.percentile([1, 2, 3, 4], 99), 4)
        self.assertEqual(load.percentile([7], 1), 7)


if __name__ == "__main__":
    unittest.main()
