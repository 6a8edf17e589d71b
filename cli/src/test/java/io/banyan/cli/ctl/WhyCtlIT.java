package io.banyan.cli.ctl;

import io.banyan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ctl why} against a stand-in sidecar admin port: the sidecar's token is {@code --sidecar-token}
 * ({@code BANYAN_SIDECAR_TOKEN}); the control plane's {@code BANYAN_ADMIN_TOKEN}, which every other ctl command reads,
 * never reaches a sidecar.
 */
class WhyCtlIT {

    @RegisterExtension
    final AdminApiStub sidecar = new AdminApiStub((method, path, query) -> new AdminApiStub.Answer(200,
            "{\"service\":\"orders\",\"verdict\":\"healthy\"}"));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int why(Map<String, String> env, String... options) {
        List<String> args = new ArrayList<>(List.of("ctl", "why", "orders", "-o", "json", "--sidecar",
                sidecar.url().substring("http://".length())));
        args.addAll(List.of(options));
        return new Cli(env, new PrintWriter(out, true), new PrintWriter(err, true)).run(args.toArray(String[]::new));
    }

    @Test
    void theControlPlanesTokenInTheEnvironmentDoesNotReachTheSidecar() {
        assertThat(why(Map.of("BANYAN_ADMIN_TOKEN", "control-plane-secret"))).as(err.toString()).isZero();

        assertThat(sidecar.requests()).containsExactly("GET /debug/why?service=orders  ");
    }

    @Test
    void theSidecarsTokenComesFromSidecarTokenOrItsEnvironmentVariable() {
        assertThat(why(Map.of("BANYAN_SIDECAR_TOKEN", "from-env", "BANYAN_ADMIN_TOKEN", "control-plane-secret")))
                .as(err.toString()).isZero();
        assertThat(why(Map.of(), "--sidecar-token", "from-flag")).as(err.toString()).isZero();

        assertThat(sidecar.requests()).containsExactly("GET /debug/why?service=orders Bearer from-env ",
                "GET /debug/why?service=orders Bearer from-flag ");
    }

    @Test
    void aBadSidecarAddressIsRefusedAsWaitReadyRefusesIt() {
        int code = new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true))
                .run("ctl", "why", "orders", "--sidecar", "127.0.0.1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("banyan ctl why: sidecar: '127.0.0.1' (expected: HOST:PORT, e.g. "
                + "127.0.0.1:15000)\n");
    }

    @Test
    void adminTokenIsNotAnOptionOfWhy() {
        assertThat(why(Map.of(), "--admin-token", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--admin-token");
        assertThat(sidecar.requests()).isEmpty();
    }
}
