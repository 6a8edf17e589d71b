package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.e2e.support.Replicas;
import io.banyan.testkit.etcd.EtcdCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reaping runs on the leader replica only. The leader is killed while instances expire: the replica that leads next
 * reaps them, and no instance is reaped twice (counted from every replica's log, the killed one's too).
 */
class LeaderSweepIT {

    private static final Pattern REAPED = Pattern.compile("reaped instance (\\S+) of");
    private static final int EXPIRING = 12;

    @Test
    void theNextLeaderReapsWhatExpiresAndNothingIsReapedTwice() throws Exception {
        assumeTrue(EtcdCluster.available(), "etcd-server is not installed");
        try (EtcdCluster etcd = EtcdCluster.start(1);
             Replicas replicas = Replicas.start(etcd, 3, "--leader-lease", "2s", "--sweep-interval", "100ms",
                     "--reap-after", "3s", "--self-preservation-threshold", "1", "--heartbeat-exchange", "200ms")) {
            int leader = replicas.leader();
            List<String> expiring = new ArrayList<>();
            for (int i = 0; i < EXPIRING; i++) {
                // each its own service (self-preservation never holds one), registered through every replica in turn
                expiring.add(replicas.get(i % replicas.size()).admin().register("expiring-" + i, "127.0.0.1", 40000 + i, 1));
            }
            String kept = replicas.get((leader + 1) % replicas.size()).admin().register("kept", "127.0.0.1", 41000, 30);
            for (int replica : replicas.alive()) {
                await("every registration on replica " + replica).atMost(Duration.ofSeconds(20))
                        .until(() -> registeredIds(replicas, replica).containsAll(expiring));
            }

            replicas.kill(leader);
            int next = replicas.leader();
            assertThat(next).isNotEqualTo(leader);

            for (int replica : replicas.alive()) {
                await("the expired instances reaped, as replica " + replica + " sees it").atMost(Duration.ofSeconds(60))
                        .until(() -> registeredIds(replicas, replica).stream().noneMatch(expiring::contains));
                assertThat(registeredIds(replicas, replica)).as("an instance within its TTL is kept").contains(kept);
            }
            Map<String, Long> reaped = reapedIds(replicas.outputs());
            assertThat(reaped.keySet()).as("every expired instance is reaped").containsExactlyInAnyOrderElementsOf(expiring);
            assertThat(reaped.values()).as("by exactly one replica, once").containsOnly(1L);
        }
    }

    private static List<String> registeredIds(Replicas replicas, int replica) {
        JsonNode services = readServices(replicas, replica);
        List<String> ids = new ArrayList<>();
        services.path("services").forEach(service -> service.path("instances").forEach(instance -> ids.add(instance.get("id").asText())));
        return ids;
    }

    private static JsonNode readServices(Replicas replicas, int replica) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    replicas.get(replica).admin().send("GET", "/v1/services", null).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Long> reapedIds(List<String> outputs) {
        List<String> ids = new ArrayList<>();
        for (String output : outputs) {
            Matcher line = REAPED.matcher(output);
            while (line.find()) {
                ids.add(line.group(1));
            }
        }
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
