package io.banyan.sidecar.xds;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlPlaneEndpointsTest {

    private static final ControlPlaneAddress A = new ControlPlaneAddress("cp-a", 15010);
    private static final ControlPlaneAddress B = new ControlPlaneAddress("cp-b", 15010);
    private static final ControlPlaneAddress C = new ControlPlaneAddress("10.0.0.3", 15011);

    @Test
    void aListIsParsedInOrder() {
        assertThat(ControlPlaneEndpoints.parseList("cp-a:15010, cp-b:15010,10.0.0.3:15011")).containsExactly(A, B, C);
        assertThat(ControlPlaneEndpoints.parseList("cp-a:15010")).containsExactly(A);
    }

    @Test
    void theMessageNamesTheBadEntry() {
        assertThatThrownBy(() -> ControlPlaneEndpoints.parseList("cp-a:15010,cp-b"))
                .hasMessage("control-plane: 'cp-b' (expected: HOST:PORT)");
        assertThatThrownBy(() -> ControlPlaneEndpoints.parseList("cp-a:15010,,cp-b:1"))
                .hasMessage("control-plane: '' (expected: HOST:PORT)");
        assertThatThrownBy(() -> ControlPlaneEndpoints.parseList("cp-a:15010,cp-b:70000"))
                .hasMessageStartingWith("control-plane: 'cp-b:70000' (expected: HOST:PORT");
        assertThatThrownBy(() -> ControlPlaneEndpoints.parseList("cp a:1"))
                .hasMessageStartingWith("control-plane: 'cp a:1'");
        assertThatThrownBy(() -> ControlPlaneEndpoints.parseList(""))
                .hasMessage("control-plane: '' (expected: HOST:PORT[,HOST:PORT...])");
    }

    @Test
    void aDuplicateIsRefused() {
        assertThatThrownBy(() -> ControlPlaneEndpoints.parseList("cp-a:15010,cp-b:15010,cp-a:15010"))
                .hasMessage("control-plane: 'cp-a:15010' given twice (expected: each replica once)");
    }

    @Test
    void aFailoverMovesRoundRobinAndIsCounted() {
        ControlPlaneEndpoints endpoints = ControlPlaneEndpoints.inOrder(List.of(A, B, C));

        assertThat(endpoints.current()).isEqualTo(A);
        assertThat(endpoints.failedOver(A)).isEqualTo(B);
        assertThat(endpoints.failedOver(B)).isEqualTo(C);
        assertThat(endpoints.failedOver(C)).isEqualTo(A);
        assertThat(endpoints.failovers()).isEqualTo(3);
    }

    @Test
    void twoUsersSeeingOneOutageMoveOnce() {
        ControlPlaneEndpoints endpoints = ControlPlaneEndpoints.inOrder(List.of(A, B, C));

        endpoints.failedOver(A); // the ADS stream
        ControlPlaneAddress after = endpoints.failedOver(A); // the certificate request, late

        assertThat(after).isEqualTo(B);
        assertThat(endpoints.failovers()).isEqualTo(1);
    }

    @Test
    void aSingleControlPlaneNeverMoves() {
        ControlPlaneEndpoints endpoints = ControlPlaneEndpoints.single("cp-a", 15010);

        assertThat(endpoints.failedOver(A)).isEqualTo(A);
        assertThat(endpoints.failovers()).isZero();
        assertThat(endpoints.several()).isFalse();
    }

    @Test
    void sidecarsStartAtARandomReplica() {
        RandomGenerator random = new SplittableRandom(7);
        Set<ControlPlaneAddress> starts = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            starts.add(ControlPlaneEndpoints.of(List.of(A, B, C), random).current());
        }

        assertThat(starts).containsExactlyInAnyOrder(A, B, C);
    }
}
