package io.banyan.cli.sidecar;

import io.banyan.api.xds.XdsProtocol;
import io.banyan.cli.options.Converters;
import io.banyan.sidecar.SidecarSettings;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/**
 * The options every data-plane process shares, {@code banyan sidecar} and {@code banyan gateway}: how it joins the
 * mesh (control plane, join token, trust domain, the xDS protocol), its zone, its admin port and how it stops.
 */
public final class MeshMemberOptions {

    @Option(names = "--control-plane", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:15010", split = ",",
            description = "The control plane's gRPC endpoint: xDS, registration, CA; for several replicas a "
                    + "comma-separated list (or a YAML list), each once: the process uses one at a time, starting from "
                    + "a random one, and moves to the next when its stream is lost (default: ${DEFAULT-VALUE}).")
    List<String> controlPlane;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Join token issued by the control plane for this service (POST /v1/tokens).")
    String token;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "15000", converter = Converters.Port.class,
            description = "Admin endpoints on 127.0.0.1: /ready /live /metrics /config_dump /clusters /drain "
                    + "(default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--metrics-port", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also serve /ready /live /metrics alone on all addresses at PORT, for probes and Prometheus "
                    + "that cannot reach the admin port's 127.0.0.1 (e.g. 15090 in a pod; default: none).")
    Integer metricsPort;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Locality zone of this instance.")
    String zone;

    @Option(names = "--trust-domain", paramLabel = "DOMAIN", defaultValue = SidecarSettings.DEFAULT_TRUST_DOMAIN,
            description = "SPIFFE trust domain of the mesh, as the control plane's --trust-domain (default: "
                    + "${DEFAULT-VALUE}).")
    String trustDomain;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "20s",
            converter = Converters.HumanDuration.class,
            description = "How long a graceful stop (SIGTERM, POST /drain) lets in-flight requests finish once the "
                    + "listeners stopped accepting, before it closes what is left and exits (default: "
                    + "${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--drain-delay", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.HumanDuration.class,
            description = "On SIGTERM (or POST /drain) /ready fails at once and the instance deregisters; the listeners "
                    + "then keep accepting and serving this long, so that the removal reaches every caller before "
                    + "they stop; 0s stops at once. The whole stop takes at most drain delay + drain timeout "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration drainDelay;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Bearer token the admin port requires on every endpoint but /ready, /live and /metrics "
                    + "(default: none).")
    String adminToken;

    @Option(names = "--xds-protocol", paramLabel = "PROTOCOL", defaultValue = "delta",
            converter = Converters.AdsProtocol.class,
            description = "The ADS variant spoken to the control plane: delta (incremental: only what changed is sent, "
                    + "and a reconnect resumes from the versions held) or sotw (state of the world; default: "
                    + "${DEFAULT-VALUE}).")
    XdsProtocol xdsProtocol;

    /** The control plane's HOST:PORT[,HOST:PORT...], which the settings' builder is made with. */
    public String controlPlane() {
        return String.join(",", controlPlane);
    }

    /** Sets these options but the control plane (the builder is made with it) on {@code builder}. */
    public SidecarSettings.Builder applyTo(SidecarSettings.Builder builder) {
        return builder.token(token).adminPort(adminPort).zone(zone).trustDomain(trustDomain)
                .drainTimeout(drainTimeout).drainDelay(drainDelay).adminToken(adminToken).xdsProtocol(xdsProtocol)
                .metricsPort(metricsPort == null ? SidecarSettings.METRICS_PORT_OFF : metricsPort);
    }
}
