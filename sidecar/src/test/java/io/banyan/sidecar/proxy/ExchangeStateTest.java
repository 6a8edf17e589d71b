package io.banyan.sidecar.proxy;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static io.banyan.sidecar.proxy.ExchangeState.ADMITTING;
import static io.banyan.sidecar.proxy.ExchangeState.AWAITING_RESPONSE;
import static io.banyan.sidecar.proxy.ExchangeState.CONNECTING;
import static io.banyan.sidecar.proxy.ExchangeState.FINISHED;
import static io.banyan.sidecar.proxy.ExchangeState.INFORMATIONAL;
import static io.banyan.sidecar.proxy.ExchangeState.STREAMING_RESPONSE;
import static io.banyan.sidecar.proxy.ExchangeState.SWITCHING_PROTOCOLS;
import static org.assertj.core.api.Assertions.assertThat;

class ExchangeStateTest {

    private static EnumSet<ExchangeState> nextOf(ExchangeState state) {
        EnumSet<ExchangeState> next = EnumSet.noneOf(ExchangeState.class);
        for (ExchangeState candidate : ExchangeState.values()) {
            if (state.canMoveTo(candidate)) {
                next.add(candidate);
            }
        }
        return next;
    }

    @Test
    void everyStateButTheLastMayFinishAndNothingFollowsTheEnd() {
        for (ExchangeState state : ExchangeState.values()) {
            assertThat(state.canMoveTo(FINISHED)).as(state.name()).isEqualTo(state != FINISHED);
        }
        assertThat(nextOf(FINISHED)).isEmpty();
    }

    @Test
    void anAttemptIsRetriedOnlyBeforeTheFinalHeadWentDownstream() {
        assertThat(nextOf(ADMITTING)).containsExactlyInAnyOrder(CONNECTING, FINISHED);
        assertThat(nextOf(CONNECTING)).containsExactlyInAnyOrder(CONNECTING, AWAITING_RESPONSE, FINISHED);
        assertThat(nextOf(AWAITING_RESPONSE)).containsExactlyInAnyOrder(CONNECTING, AWAITING_RESPONSE,
                INFORMATIONAL, STREAMING_RESPONSE, SWITCHING_PROTOCOLS, FINISHED);
        assertThat(nextOf(STREAMING_RESPONSE)).containsExactly(FINISHED);
        assertThat(nextOf(SWITCHING_PROTOCOLS)).containsExactly(FINISHED);
    }

    @Test
    void aResponseHasBegunOnceAnyHeadWentDownAndIsCutOnlyAfterTheFinalOne() {
        assertThat(EnumSet.allOf(ExchangeState.class).stream().filter(ExchangeState::responseBegun))
                .containsExactlyInAnyOrder(INFORMATIONAL, STREAMING_RESPONSE, SWITCHING_PROTOCOLS);
        assertThat(EnumSet.allOf(ExchangeState.class).stream().filter(ExchangeState::finalHeadSent))
                .containsExactlyInAnyOrder(STREAMING_RESPONSE, SWITCHING_PROTOCOLS);
    }
}
