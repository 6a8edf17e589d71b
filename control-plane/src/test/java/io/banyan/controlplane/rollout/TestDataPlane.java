package io.banyan.controlplane.rollout;

import com.google.rpc.Status;
import io.banyan.api.xds.XdsProtocol;
import io.banyan.controlplane.support.StreamCall;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.ManagedChannel;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test data plane on a real mTLS channel: one ADS stream (state of the world or delta) subscribed to every cluster,
 * keeping every CDS response it received (to assert on what it never got), which it ACKs or NACKs as told; and a
 * load-reporting stream. A delta response is kept as a state-of-the-world one carrying what it sent, with its
 * {@code system_version_info} as the version.
 */
final class TestDataPlane {

    final String id;
    /** Every CDS response received, in order. */
    final List<DiscoveryResponse> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
    private final XdsProtocol protocol;
    private final StreamCall<DiscoveryRequest, DiscoveryResponse> ads;
    private final StreamCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse> deltaAds;
    private final Node node;
    private final ManagedChannel channel;
    private StreamCall<LoadStatsRequest, LoadStatsResponse> lrs;

    TestDataPlane(ManagedChannel channel, Node node, XdsProtocol protocol) {
        this.channel = channel;
        this.node = node;
        this.id = node.getId();
        this.protocol = protocol;
        if (protocol == XdsProtocol.SOTW) {
            this.deltaAds = null;
            this.ads = new StreamCall<>(this::received);
            AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(ads.observer());
            ads.send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(Resources.V3.CLUSTER_TYPE_URL).build());
        } else {
            this.ads = null;
            this.deltaAds = new StreamCall<>(delta -> received(DiscoveryResponse.newBuilder()
                    .setTypeUrl(delta.getTypeUrl()).setVersionInfo(delta.getSystemVersionInfo())
                    .setNonce(delta.getNonce())
                    .addAllResources(delta.getResourcesList().stream().map(Resource::getResource).toList()).build()));
            AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(deltaAds.observer());
            deltaAds.send(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(Resources.V3.CLUSTER_TYPE_URL)
                    .build());
        }
    }

    private void received(DiscoveryResponse response) {
        received.add(response);
        responses.add(response);
    }

    /** The next CDS response. */
    DiscoveryResponse next() throws InterruptedException {
        DiscoveryResponse response = responses.poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a CDS response of %s", id).isNotNull();
        return response;
    }

    void ack(DiscoveryResponse response) {
        if (protocol == XdsProtocol.DELTA) {
            deltaAds.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
                    .setResponseNonce(response.getNonce()).build());
            return;
        }
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
                .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce()).build());
    }

    /** Rejects {@code response}, keeping the version it ACKed before ({@code kept}). */
    void nack(DiscoveryResponse response, DiscoveryResponse kept, String detail) {
        if (protocol == XdsProtocol.DELTA) {
            deltaAds.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
                    .setResponseNonce(response.getNonce())
                    .setErrorDetail(Status.newBuilder().setCode(3).setMessage(detail)).build());
            return;
        }
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
