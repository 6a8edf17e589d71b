package io.banyan.cli.ctl;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ctl why --sidecar HOST:PORT}: what it takes as the admin port's address. */
class WhyCommandTest {

    private final WhyCommand.SidecarAddress address = new WhyCommand.SidecarAddress();

    @Test
    void hostAndPortBecomeTheBaseUrl() {
        assertThat(address.convert("127.0.0.1:15000")).isEqualTo(URI.create("http://127.0.0.1:15000"));
        assertThat(address.convert("localhost:15000")).isEqualTo(URI.create("http://localhost:15000"));
        assertThat(address.convert("[::1]:15000")).isEqualTo(URI.create("http://[::1]:15000"));
    }

    @Test
    void anythingElseIsRefusedSayingWhatIsExpected() {
        for (String bad : new String[] {"127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "http://127.0.0.1:15000",
                "127.0.0.1:15000/debug", "user@127.0.0.1:15000", "a b:1", ":15000"}) {
            assertThatThrownBy(() -> address.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessage("expected: HOST:PORT, e.g. 127.0.0.1:15000");
        }
    }
}
