package io.banyan.sidecar.mirror;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ShadowAuthorityTest {

    @ParameterizedTest
    @CsvSource({
            "orders, orders-shadow",
            "orders:8080, orders-shadow:8080",
            "orders.example.com, orders.example.com-shadow",
            "127.0.0.1:15001, 127.0.0.1-shadow:15001",
            "[::1]:80, [::1]-shadow:80",
            "[::1], [::1]-shadow"})
    void appendsTheSuffixToTheHostBeforeAnyPort(String authority, String shadow) {
        assertThat(ShadowAuthority.of(authority)).isEqualTo(shadow);
    }
}
