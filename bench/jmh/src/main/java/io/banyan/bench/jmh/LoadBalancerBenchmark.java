package io.banyan.bench.jmh;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbAlgorithm;
import io.banyan.dataplane.config.LbSettings;
import io.banyan.primitives.random.PerThreadRandom;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.loadbalance.LoadBalancer;
import io.banyan.sidecar.loadbalance.LoadBalancers;
import io.banyan.sidecar.loadbalance.PickContext;
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
 * One load-balancer pick per request, for every {@link LbAlgorithm} (JMH enumerates the enum, so a new
 * algorithm is benchmarked without touching this file), as {@link LoadBalancers} builds it (zone-aware,
 * local zone "zone-0"), on the first attempt, with a hash key, and on a retry that must avoid the endpoint
 * already tried; two threads share the balancer as two event loops would.
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
    LbAlgorithm policy;

    @Param({"3", "100"})
    int endpoints;

    private LoadBalancer balancer;
    private List<Endpoint> tried;
    private PickContext hashed;

    @Setup
    public void setUp() {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            list.add(new Endpoint("10.0." + (i / 250) + "." + (i % 250 + 1), 8080, 1 + i % 3, "zone-" + i % 3,
                    true, "instance-" + i));
        }
        balancer = LoadBalancers.create(LbSettings.of(policy), list, "zone-0",
                Ticker.system(), PerThreadRandom.get());
        tried = List.of(list.get(0));
        hashed = PickContext.hashed(0x9E3779B97F4A7C15L, List.of());
    }

    @Benchmark
    public Endpoint pick() {
        return balancer.pick(List.of());
    }

    @Benchmark
    public Endpoint pickHashed() {
        return balancer.pick(hashed);
    }

    @Benchmark
    public Endpoint pickOnRetry() {
        return balancer.pick(tried);
    }
}
