package io.banyan.controlplane.xds;

import com.google.rpc.Status;
import io.banyan.api.xds.NodeMetadataCodec;
import io.banyan.api.xds.SidecarMetadata;
import io.banyan.api.xds.XdsProtocol;
import io.banyan.controlplane.xds.snapshot.Fixtures;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SidecarNodeParser;
import io.banyan.testkit.time.FakeClock;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SidecarDirectoryTest {

    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;

    private final FakeClock clock = new FakeClock(Fixtures.T0);
    private final SidecarDirectory directory = new SidecarDirectory(clock);
    private final SidecarNode node = new SidecarNodeParser().parse(Fixtures.webNode("n1"));

    private static DiscoveryResponse response(String version, String nonce) {
        return DiscoveryResponse.newBuilder().setTypeUrl(CDS).setVersionInfo(version).setNonce(nonce).build();
    }

    private static DiscoveryRequest.Builder request(String version, String nonce) {
        return DiscoveryRequest.newBuilder().setTypeUrl(CDS).setVersionInfo(version).setResponseNonce(nonce);
    }

    @Test
    void firstRequestIsNeitherAckNorNack() {
        directory.streamOpened(1, node, "127.0.0.1:5000", XdsProtocol.SOTW);

        assertThat(directory.request(1, request("", "").build())).isEqualTo(AckResult.NONE);
        assertThat(directory.sidecars()).singleElement().satisfies(sidecar -> {
            assertThat(sidecar.service()).isEqualTo("web");
            assertThat(sidecar.peerAddress()).isEqualTo("127.0.0.1:5000");
            assertThat(sidecar.connectedSince()).isEqualTo(Fixtures.T0);
            assertThat(sidecar.protocol()).isEqualTo("sotw");
            assertThat(sidecar.type(CDS).ackedVersion()).isEmpty();
        });
    }

    @Test
    void aResumedSubscriptionShowsTheVersionTheClientHoldsWithoutCountingAnAck() {
        directory.streamOpened(1, node, "", XdsProtocol.SOTW);

        assertThat(directory.request(1, request("v7", "").build())).isEqualTo(AckResult.NONE);

        assertThat(directory.sidecars().get(0).type(CDS).ackedVersion()).isEqualTo("v7");
    }

    @Test
    void ackRecordsTheVersionAndNackTheRejectedVersionWithItsMessage() {
        directory.streamOpened(1, node, "", XdsProtocol.SOTW);
        directory.responded(1, response("v1", "0"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(directory.request(1, request("v1", "0").build())).isEqualTo(AckResult.ACK);

        directory.responded(1, response("v2", "1"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(directory.request(1, request("v1", "1")
                .setErrorDetail(Status.newBuilder().setMessage("bad cluster")).build())).isEqualTo(AckResult.NACK);

        SidecarStatus.TypeStatus clusters = directory.sidecars().get(0).type(CDS);
        assertThat(clusters.ackedVersion()).isEqualTo("v1");
        assertThat(clusters.ackedAt()).isEqualTo(Fixtures.T0.plusSeconds(1));
        assertThat(clusters.lastNack()).isEqualTo(new SidecarStatus.Nack("v2", "bad cluster", Fixtures.T0.plusSeconds(2)));
    }

    @Test
    void aGatewayIsListedWithItsKind_aSidecarWithItsOwn() {
        SidecarNode gateway = new SidecarNodeParser().parse(Node.newBuilder()
                .setId("gateway~edge~h~1").setCluster("edge")
                .setMetadata(NodeMetadataCodec.encode(
                        SidecarMetadata.gateway("edge", "", "0.0.0.0", 8080)))
                .build());
        directory.streamOpened(1, node, "", XdsProtocol.SOTW);
        directory.streamOpened(2, gateway, "", XdsProtocol.SOTW);

        assertThat(directory.sidecars()).extracting(SidecarStatus::service, SidecarStatus::kind)
                .containsExactlyInAnyOrder(tuple("web", SidecarStatus.SIDECAR),
                        tuple("edge", SidecarStatus.GATEWAY));
    }

    @Test
    void closedStreamsDisappearAndUnknownStreamsAreIgnored() {
        directory.streamOpened(1, node, "", XdsProtocol.SOTW);
        assertThat(directory.request(7, request("v1", "0").build())).isEqualTo(AckResult.NONE);

        directory.streamClosed(1);

        assertThat(directory.sidecars()).isEmpty();
        assertThat(directory.size()).isZero();
    }

    @Test
    void aNodeWithTwoStreamsIsListedOnceWithItsNewestStream() {
        directory.streamOpened(1, node, "127.0.0.1:1", XdsProtocol.SOTW);
        clock.advance(Duration.ofSeconds(5));
        directory.streamOpened(2, node, "127.0.0.1:2", XdsProtocol.SOTW);

        assertThat(directory.size()).isEqualTo(1);
        assertThat(directory.sidecars()).singleElement()
                .satisfies(sidecar -> assertThat(sidecar.peerAddress()).isEqualTo("127.0.0.1:2"));
    }

    @Test
    void aDeltaAckRecordsTheSystemVersionOfTheResponseItsNonceNames_aNackItsMessage() {
        directory.streamOpened(1, node, "", XdsProtocol.DELTA);
        directory.responded(1, deltaResponse("v1", "0"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(directory.request(1, deltaRequest("0").build())).isEqualTo(AckResult.ACK);

        directory.responded(1, deltaResponse("v2", "1"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(directory.request(1, deltaRequest("1")
                .setErrorDetail(Status.newBuilder().setMessage("bad cluster")).build())).isEqualTo(AckResult.NACK);

        SidecarStatus sidecar = directory.sidecars().get(0);
        assertThat(sidecar.protocol()).isEqualTo("delta");
        assertThat(sidecar.type(CDS).ackedVersion()).isEqualTo("v1");
        assertThat(sidecar.type(CDS).ackedAt()).isEqualTo(Fixtures.T0.plusSeconds(1));
        assertThat(sidecar.type(CDS).lastNack())
                .isEqualTo(new SidecarStatus.Nack("v2", "bad cluster", Fixtures.T0.plusSeconds(2)));
    }

    @Test
    void aDeltaRequestWithoutNonceOrWithANonceNeverSentIsNeitherAckNorNack() {
        directory.streamOpened(1, node, "", XdsProtocol.DELTA);

        assertThat(directory.request(1, deltaRequest("").putInitialResourceVersions("web", "h1").build()))
                .isEqualTo(AckResult.NONE);
        assertThat(directory.request(1, deltaRequest("9").build())).isEqualTo(AckResult.NONE);
        assertThat(directory.sidecars().get(0).types()).isEmpty();
    }

    private static DeltaDiscoveryResponse deltaResponse(String version, String nonce) {
        return DeltaDiscoveryResponse.newBuilder().setTypeUrl(CDS).setSystemVersionInfo(version).setNonce(nonce).build();
    }

    private static DeltaDiscoveryRequest.Builder deltaRequest(String nonce) {
        return DeltaDiscoveryRequest.newBuilder().setTypeUrl(CDS).setResponseNonce(nonce);
    }
}
