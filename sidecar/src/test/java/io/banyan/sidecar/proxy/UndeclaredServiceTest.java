package io.banyan.sidecar.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UndeclaredServiceTest {

    @Test
    void namesTheServiceAndTheDeclarationThatIsMissing() {
        assertThat(UndeclaredService.problem("billing:8080")).isEqualTo("no route to 'billing' from this sidecar: it is"
                + " not among the services this sidecar declared (add --upstream billing, or --upstream '*' for every"
                + " service)");
    }

    @Test
    void theHostNameIsClientInputCutTo64PrintableCharacters() {
        String longName = "b".repeat(10_000);
        assertThat(UndeclaredService.quoted(longName)).isEqualTo("b".repeat(64) + "...");
        assertThat(UndeclaredService.problem(longName)).hasSizeLessThan(64 * 2 + 200);
        assertThat(UndeclaredService.quoted("Bill'ing\u0007\u00e9")).isEqualTo("bill?ing??");
        assertThat(UndeclaredService.quoted(null)).isEmpty();
        assertThat(UndeclaredService.quoted("[::1]")).isEqualTo("[::1]");
    }
}
