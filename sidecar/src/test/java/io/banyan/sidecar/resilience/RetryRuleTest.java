package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the proxy asks of retry knowledge before it asks the decider: which heads are judged, which methods are safe. */
class RetryRuleTest {

    private static final RetryPolicy RETRIES_418 = new RetryPolicy(Set.of(RetryOn.RETRIABLE_STATUS_CODES), 2,
            Duration.ZERO, Duration.ofMillis(25), Duration.ofMillis(250), Set.of(418), Set.of(), false);

    @Test
    void serverErrorsConflictsAndThePolicysStatusesAreJudgedOtherHeadsAreFinal() {
        assertThat(RetryRule.judgesStatus(RETRIES_418, 500)).isTrue();
        assertThat(RetryRule.judgesStatus(RETRIES_418, 503)).isTrue();
        assertThat(RetryRule.judgesStatus(RETRIES_418, 409)).isTrue();
        assertThat(RetryRule.judgesStatus(RETRIES_418, 418)).isTrue();
        assertThat(RetryRule.judgesStatus(RetryPolicy.none(), 418)).isFalse();
        assertThat(RetryRule.judgesStatus(RETRIES_418, 200)).isFalse();
        assertThat(RetryRule.judgesStatus(RETRIES_418, 404)).isFalse();
        assertThat(RetryRule.judgesStatus(RETRIES_418, 499)).isFalse();
    }

    @Test
    void theIdempotentMethodsOfRfc9110AsWritten() {
        assertThat(Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"))
                .allMatch(RetryRequest::isIdempotentMethod);
        assertThat(Set.of("POST", "PATCH", "CONNECT", "get")).noneMatch(RetryRequest::isIdempotentMethod);
    }
}
