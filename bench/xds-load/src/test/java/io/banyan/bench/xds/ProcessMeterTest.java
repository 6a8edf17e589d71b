package io.banyan.bench.xds;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessMeterTest {

    @Test
    void cpu_is_utime_plus_stime_even_when_the_command_holds_spaces_and_parentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 1234 0 0";
        assertThat(ProcessMeter.cpuSecondsOf(stat)).isEqualTo(3.0);
    }

    @Test
    void heap_after_gc_sums_the_generations_and_leaves_metaspace_out() {
        String serial = """
                4242:
                 def new generation   total 19648K, used 1024K [0x00000000f0000000, 0x00000000f1550000)
                 tenured generation   total 43712K, used 9216K [0x00000000f5550000, 0x00000000f8000000)
                 Metaspace       used 27098K, committed 27392K, reserved 1114112K
                """;
        String g1 = """
                 garbage-first heap   total 262144K, used 51200K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 7 young (7168K), 0 survivors (0K)
                 Metaspace       used 27098K, committed 27392K, reserved 1114112K
                """;
        assertThat(ProcessMeter.heapUsedMb(serial)).hasValue(10.0);
        assertThat(ProcessMeter.heapUsedMb(g1)).hasValue(50.0);
        assertThat(ProcessMeter.heapUsedMb("4242: Could not attach")).isEmpty();
    }

    @Test
    void this_jvm_uses_cpu_and_memory() {
        ProcessMeter self = ProcessMeter.self();
        assertThat(self.cpuSeconds()).isGreaterThan(0);
        double rss = self.rssMb();
        assertThat(rss).isGreaterThan(0);
        assertThat(self.peakRssMb()).isGreaterThanOrEqualTo(rss);
    }
}
