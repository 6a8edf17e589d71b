package io.banyan.controlplane.xds;

import io.banyan.api.xds.Upstream;
import io.banyan.controlplane.registry.Instance;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Protocol;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.xds.snapshot.ResourceCheck;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.controlplane.xds.snapshot.SnapshotGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a micro run of the publisher's time per change (issue #14's "before and after"), run only when asked:
 * {@code mvn -o -q -pl control-plane -am test -Dtest=PublisherScaleBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbanyan.test.argLine="-Xmx8g -Dbench.nodes=1000 -Dbench.scoped=true"} ({@code bench.services}, {@code
 * bench.instances}, {@code bench.upstreams}, {@code bench.changes}; {@code bench.all=true}: every node declares
 * {@code --upstream '*'}). Prints one {@code BENCH} line. Each change replaces one service's instances.
 */
@EnabledIfSystemProperty(named = "bench.nodes", matches = "\\d+")
class PublisherScaleBench {

    static final int NODES = Integer.getInteger("bench.nodes", 1000);
    static final int SERVICES = Integer.getInteger("bench.services", 1000);
    static final int INSTANCES = Integer.getInteger("bench.instances", 10);
    static final int UPSTREAMS = Integer.getInteger("bench.upstreams", 5);
    static final int CHANGES = Integer.getInteger("bench.changes", 20);

    static List<InstanceHealth> instances(String service, int gen) {
        List<InstanceHealth> list = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            list.add(new InstanceHealth(new Instance(service + "-" + i, service, "10." + (i % 250) + ".0." + (gen % 250),
                    8080, "a", "v1", 1, Duration.ofSeconds(10), Protocol.HTTP, Map.of(), true), true,
                    Instant.EPOCH));
        }
        return List.copyOf(list);
    }

    static SidecarNode node(int n) {
        List<Upstream> upstreams = new ArrayList<>();
        if (Boolean.getBoolean("bench.scoped")) {
            for (int k = 0; k < UPSTREAMS; k++) {
                upstreams.add(new Upstream("svc" + ((n * 7 + k * 131) % SERVICES), 20000 + k));
            }
        }
        return new SidecarNode("sidecar~web~h~" + n, "web" + (n % 50), "web" + (n % 50), "a", upstreams,
                "127.0.0.1", 15001, "0.0.0.0", 15006, 8080, Protocol.HTTP, true, List.of(), null,
                Boolean.getBoolean("bench.all"));
    }

    @Test
    void publishesChanges() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SnapshotPublisher publisher = new SnapshotPublisher(new SnapshotBuilder("mesh.local"),
                new SnapshotGuard(new ResourceCheck()), new XdsMetrics(meters));
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>();
        for (int s = 0; s < SERVICES; s++) {
            services.put("svc" + s, instances("svc" + s, 0));
        }
        publisher.onChange(new RegistrySnapshot(1, new TreeMap<>(services)));
        publisher.knownNodes().get(10, TimeUnit.MINUTES);
        long t0 = System.nanoTime();
        for (int n = 0; n < NODES; n++) {
            publisher.streamOpened(node(n));
        }
        publisher.knownNodes().get(60, TimeUnit.MINUTES);
        long cold = System.nanoTime() - t0;
        long total = 0;
        long max = 0;
        for (int c = 0; c < CHANGES; c++) {
            String service = "svc" + ((c * 37) % SERVICES);
            services.put(service, instances(service, c + 1));
            long start = System.nanoTime();
            publisher.onChange(new RegistrySnapshot(2 + c, new TreeMap<>(services)));
            publisher.knownNodes().get(60, TimeUnit.MINUTES);
            long took = System.nanoTime() - start;
            total += took;
            max = Math.max(max, took);
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("BENCH nodes=%d services=%d instances=%d scoped=%s all=%s cold=%.1fms perChange avg=%.1fms max=%.1fms pushes=%s heapAfterGc=%dMB%n",
                NODES, SERVICES, INSTANCES, Boolean.getBoolean("bench.scoped"), Boolean.getBoolean("bench.all"), cold / 1e6, total / 1e6 / CHANGES,
                max / 1e6, meters.find("banyan.xds.pushes").counter().count(),
                (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
        publisher.close();
    }
}
