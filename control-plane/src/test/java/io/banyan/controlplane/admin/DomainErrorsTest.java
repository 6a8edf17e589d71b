package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResponse;
import io.banyan.controlplane.store.StoreConflictException;
import io.banyan.controlplane.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's failures as problems: unavailable 503 with Retry-After, a write that kept losing races 409. */
class DomainErrorsTest {

    private final DomainErrors errors = new DomainErrors();

    @Test
    void aWriteThatKeptLosingRacesToOtherReplicasIsAConflict() {
        AdminResponse answer = errors.answer(new StoreConflictException("the write lost 5 races"), "/v1/x");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("the write lost 5 races");
    }

    @Test
    void anUnavailableStoreIs503WithRetryAfter() {
        AdminResponse answer = errors.answer(new StoreUnavailableException("store unavailable: no quorum"), "/v1/x");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.headers()).containsEntry("Retry-After", "5");
    }
}
