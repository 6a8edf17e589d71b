package io.banyan.bench.jmh;

import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.config.LbPolicy;
import io.banyan.sidecar.loadbalance.LoadBalancer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One load-balancer pick per request, for every {@link LbPolicy} (JMH enumerates the enum, so a new
 * algorithm is benchmarked without touching this file), on the first attempt and on a retry that must
 * avoid the endpoint already tried; two threads share the balancer as two event loops would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class LoadBalancerBenchmark {

    @Param
    LbPolicy policy;

    @Param({"3", "100"})
    int endpoints;

    private LoadBalancer balancer;
    private List<Endpoint> tried;

    @Setup
    public void setUp() {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            list.add(new Endpoint("10.0." + (i / 250) + "." + (i % 250 + 1), 8080, 1 + i % 3, "zone-" + i % 3,
                    true, "instance-" + i));
        }
        balancer = LoadBalancer.of(policy, list);
        tried = List.of(list.get(0));
    }

    @Benchmark
    public Endpoint pick() {
        return balancer.pick(List.of());
    }

    @Benchmark
    public Endpoint pickOnRetry() {
        return balancer.pick(tried);
    }
}
