package io.banyan.controlplane.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationTest {

    private static Registration of(String service, String host, Integer port) {
        return Registration.builder().service(service).host(host).port(port).build();
    }

    @Test
    void defaults() {
        Registration r = of("orders", "10.1.2.3", 8080);
        assertThat(r.weight()).isEqualTo(1);
        assertThat(r.protocol()).isEqualTo(Protocol.HTTP);
        assertThat(r.ttl()).isNull();
        assertThat(r.mesh()).isFalse();
        assertThat(r.zone()).isEmpty();
        assertThat(r.metadata()).isEmpty();
        Registration sidecar = Registration.builder().service("orders").host("h").port(1).ttlSeconds(10L)
                .protocol("grpc").mesh(true).build();
        assertThat(sidecar.mesh()).isTrue();
        assertThat(sidecar.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(sidecar.protocol()).isEqualTo(Protocol.GRPC);
    }

    @Test
    void acceptsHostnamesAndIpLiterals() {
        assertThat(of("orders", "orders-1.prod.example.com", 1).host()).isEqualTo("orders-1.prod.example.com");
        assertThat(of("orders", "::1", 1).host()).isEqualTo("::1");
        assertThat(of("orders", "fe80::1%eth0", 1).host()).isEqualTo("fe80::1%eth0");
        assertThat(of("orders", "127.0.0.1", 65535).port()).isEqualTo(65535);
    }

    @Test
    void everyRuleNamesItsField() {
        assertField(() -> of("orders", "h", null), "port", "port: missing (expected: 1..65535)");
        assertField(() -> of("orders", "h", 70000), "port", "port: 70000 (expected: 1..65535)");
        assertField(() -> of("orders", "h", 0), "port", "port: 0 (expected: 1..65535)");
        assertField(() -> of("orders", "", 1), "host", "host: missing");
        assertField(() -> of("orders", "bad host!", 1), "host", "host: 'bad host!'");
        assertField(() -> of("Orders", "h", 1), "service", "service: 'Orders' (expected: a DNS label");
        assertField(() -> of("-x", "h", 1), "service", "service: '-x'");
        assertField(() -> of("a".repeat(64), "h", 1), "service", "service: '");
        assertField(() -> Registration.builder().service("o").host("h").port(1).weight(0).build(),
                "weight", "weight: 0 (expected: 1..128)");
        assertField(() -> Registration.builder().service("o").host("h").port(1).weight(129).build(),
                "weight", "weight: 129 (expected: 1..128)");
        assertField(() -> Registration.builder().service("o").host("h").port(1).ttlSeconds(0L).build(),
                "ttlSeconds", "ttlSeconds: 0 (expected: 1..86400");
        assertField(() -> Registration.builder().service("o").host("h").port(1).ttlSeconds(86401L).build(),
                "ttlSeconds", "ttlSeconds: 86401");
        assertField(() -> Registration.builder().service("o").host("h").port(1).protocol("udp").build(),
                "protocol", "protocol: 'udp' (expected: one of http, http2, grpc, tcp)");
        assertField(() -> Registration.builder().service("o").host("h").port(1).zone("z".repeat(64)).build(),
                "zone", "zone: 64 characters (expected: at most 63)");
        assertField(() -> Registration.builder().service("o").host("h").port(1).version("v".repeat(64)).build(),
                "version", "version: 64 characters");
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            big.put("k" + i, "v");
        }
        assertField(() -> Registration.builder().service("o").host("h").port(1).metadata(big).build(),
                "metadata", "metadata: 65 entries (expected: at most 64)");
    }

    private static void assertField(Runnable call, String field, String messageStart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(messageStart);
    }
}
