package io.banyan.sidecar.tls;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SniTableTest {

    private final SniTable<String> table = SniTable.of(List.of(
            new SniTable.Entry<>("shop", List.of("shop.example.com", "www.example.com")),
            new SniTable.Entry<>("api", List.of("*.api.example.com", "Shop.Example.com")),
            new SniTable.Entry<>("any", List.of("*.example.com"))));

    @Test
    void anExactNameWins_theEarlierPairOnATie_caseIgnored() {
        assertThat(table.select("shop.example.com")).isEqualTo("shop");
        assertThat(table.select("WWW.example.COM")).isEqualTo("shop");
    }

    @Test
    void aWildcardCoversOneLabel() {
        assertThat(table.select("v2.api.example.com")).isEqualTo("api");
        assertThat(table.select("blog.example.com")).isEqualTo("any");
        assertThat(table.select("a.b.c.example.org")).isEqualTo("shop");
        assertThat(table.select("api.example.com")).isEqualTo("any");
    }

    @Test
    void noSniOrAnUnknownNameGetsTheFirstPair() {
        assertThat(table.select(null)).isEqualTo("shop");
        assertThat(table.select("")).isEqualTo("shop");
        assertThat(table.select("localhost")).isEqualTo("shop");
    }

    @Test
    void aTableNeedsACertificate() {
        assertThatThrownBy(() -> SniTable.of(List.of()))
                .hasMessage("certificates: [] (expected: at least one)");
    }
}
