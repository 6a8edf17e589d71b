package io.banyan.sidecar.admin;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessTest {

    private final AdminAccess access = new AdminAccess(Set.of("Sidecar.Example", "fd00::7"), "t0ken");

    private static AdminAccess.Request post(String host, String origin, String contentType, boolean body, String auth) {
        return new AdminAccess.Request("POST", "/drain", host, origin, contentType, body, auth);
    }

    @Test
    void hostsOfThisMachineAreLocal() {
        for (String host : new String[] {"localhost", "LOCALHOST:15000", "127.0.0.1", "127.8.9.10:1", "[::1]:15000",
                "sidecar.example", "[FD00::7]:15000"}) {
            assertThat(access.refusal(post(host, null, null, false, "Bearer t0ken"))).as(host).isNull();
        }
        for (String host : new String[] {"evil.example", "127.0.0.1.evil.example", "localhost.evil.example:15000",
                "[::2]", "0.0.0.0", "1127.0.0.1"}) {
            assertThat(access.refusal(post(host, null, null, false, "Bearer t0ken")).status()).as(host).isEqualTo(421);
        }
    }

    @Test
    void onlyTheAdminPortsOwnOriginMayCall() {
        assertThat(access.refusal(post("localhost:15000", "http://localhost:15000", null, false, "Bearer t0ken"))).isNull();
        assertThat(access.refusal(post("localhost:15000", "http://localhost:3000", null, false, "Bearer t0ken")).status())
                .isEqualTo(403);
        assertThat(access.refusal(post("localhost:15000", "null", null, false, "Bearer t0ken")).status()).isEqualTo(403);
        assertThat(access.refusal(post(null, "http://localhost:15000", null, false, "Bearer t0ken")).status())
                .isEqualTo(403);
    }

    @Test
    void theTokenIsCheckedExactlyButTheSchemeIgnoresCase() {
        assertThat(access.refusal(post("localhost", null, null, false, "bearer t0ken"))).isNull();
        assertThat(access.refusal(post("localhost", null, null, false, "Bearer t0ke")).status()).isEqualTo(401);
        assertThat(access.refusal(post("localhost", null, null, false, "Basic dDBrZW4=")).status()).isEqualTo(401);
        assertThat(access.refusal(new AdminAccess.Request("GET", "/metrics", "localhost", null, null, false, null)))
                .isNull();
    }

    @Test
    void aMutatingRequestCarriesNoBodyOrANonSimpleType() {
        assertThat(access.refusal(post("localhost", null, "application/json", true, "Bearer t0ken"))).isNull();
        assertThat(access.refusal(post("localhost", null, "Multipart/Form-Data; boundary=x", true, "Bearer t0ken"))
                .status()).isEqualTo(415);
        assertThat(access.refusal(post("localhost", null, "text/plain", false, "Bearer t0ken")).status()).isEqualTo(415);
        assertThat(access.refusal(new AdminAccess.Request("GET", "/clusters", "localhost", null, "text/plain", false,
                "Bearer t0ken"))).isNull();
    }
}
