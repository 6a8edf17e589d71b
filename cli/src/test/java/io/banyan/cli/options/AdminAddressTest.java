package io.banyan.cli.options;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code HOST:PORT} of an admin port, as {@code wait-ready --admin} and {@code ctl why --sidecar} take it. */
class AdminAddressTest {

    @Test
    void hostAndPortBecomeTheBaseUrl() {
        assertThat(AdminAddress.parse("sidecar", "127.0.0.1:15000").baseUri()).isEqualTo(URI.create("http://127.0.0.1:15000"));
        assertThat(AdminAddress.parse("sidecar", " localhost:15000").baseUri()).isEqualTo(URI.create("http://localhost:15000"));
        assertThat(AdminAddress.parse("admin", "[::1]:15000").readyUri()).isEqualTo(URI.create("http://[::1]:15000/ready"));
    }

    @Test
    void anythingElseIsRefusedNamingTheOptionAndWhatIsExpected() {
        for (String bad : new String[] {"127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "http://127.0.0.1:15000",
                "127.0.0.1:15000/debug", "user@127.0.0.1:15000", "a b:1", ":15000", "::1:15000", ""}) {
            assertThatThrownBy(() -> AdminAddress.parse("sidecar", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sidecar: '" + bad + "' (expected: HOST:PORT, e.g. 127.0.0.1:15000)");
        }
    }
}
