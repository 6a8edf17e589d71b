package io.banyan.controlplane.rollout;

import io.banyan.controlplane.support.StreamCall;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.ManagedChannel;
import com.google.rpc.Status;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test data plane on a real mTLS channel: one ADS stream subscribed to every cluster, keeping every CDS response it
 * received (to assert on what it never got), which it ACKs or NACKs as told; and a load-reporting stream.
 */
final class TestDataPlane {

    final String id;
    /** Every CDS response received, in order. */
    final List<DiscoveryResponse> received = new CopyOnWriteArrayList<>();
    private final StreamCall<DiscoveryRequest, DiscoveryResponse> ads;
    private final Node node;
    private final ManagedChannel channel;
    private StreamCall<LoadStatsRequest, LoadStatsResponse> lrs;

    TestDataPlane(ManagedChannel channel, Node node) {
        this.channel = channel;
        this.node = node;
        this.id = node.getId();
        this.ads = new StreamCall<>(received::add);
        AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(ads.observer());
        ads.send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(Resources.V3.CLUSTER_TYPE_URL).build());
    }

    /** The next CDS response. */
    DiscoveryResponse next() throws InterruptedException {
        DiscoveryResponse response = ads.responses.poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a CDS response of %s", id).isNotNull();
        return response;
    }

    void ack(DiscoveryResponse response) {
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
                .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce()).build());
    }

    /** Rejects {@code response}, keeping the version it ACKed before ({@code kept}). */
    void nack(DiscoveryResponse response, DiscoveryResponse kept, String detail) {
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
                .setVersionInfo(kept.getVersionInfo()).setResponseNonce(response.getNonce())
                .setErrorDetail(Status.newBuilder().setCode(3).setMessage(detail)).build());
    }

    /** Opens the load-reporting stream; waits for the control plane's first answer (the stream is admitted). */
    LoadStatsResponse reportLoads() throws InterruptedException {
        lrs = new StreamCall<>();
        LoadReportingServiceGrpc.newStub(channel).streamLoadStats(lrs.observer());
        lrs.send(LoadStatsRequest.newBuilder().setNode(node).build());
        LoadStatsResponse first = lrs.responses.poll(10, TimeUnit.SECONDS);
        assertThat(first).as("the LRS answer to %s", id).isNotNull();
        return first;
    }

    /** The next answer on the load-reporting stream (the clusters to report changed). */
    LoadStatsResponse nextLoadAnswer() throws InterruptedException {
        LoadStatsResponse next = lrs.responses.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("an LRS answer to %s", id).isNotNull();
        return next;
    }

    /** Reports {@code requests} ended requests of {@code cluster}, {@code errors} of them failed. */
    void report(String cluster, long requests, long errors) {
        lrs.send(LoadStatsRequest.newBuilder().addClusterStats(ClusterStats.newBuilder().setClusterName(cluster)
                .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder().setLocality(Locality.getDefaultInstance())
                        .setTotalSuccessfulRequests(requests - errors).setTotalErrorRequests(errors))).build());
    }

    /** The LB policy of cluster {@code name} in {@code response}. */
    static Cluster.LbPolicy lbPolicy(DiscoveryResponse response, String name) {
        try {
            for (var any : response.getResourcesList()) {
                Cluster cluster = any.unpack(Cluster.class);
                if (cluster.getName().equals(name)) {
                    return cluster.getLbPolicy();
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no cluster " + name);
    }
}
