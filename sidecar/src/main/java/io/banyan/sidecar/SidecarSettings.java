package io.banyan.sidecar;

import io.banyan.primitives.name.TrustDomain;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.primitives.name.ServiceName;
import io.banyan.sidecar.config.AppProtocol;
import io.banyan.sidecar.config.InstanceSettings;
import io.banyan.sidecar.config.ProtocolLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How one sidecar is started: the launcher's options (flags, BANYAN_* environment, YAML) after
 * parsing and validation. Port 0 means "pick a free port" (tests); {@code appPort} 0 means a
 * client-only sidecar (no inbound listener, no registration).
 *
 * @param service          the service this instance belongs to (its identity)
 * @param appPort          the local app's port, 0 for none
 * @param appHealthPath    HTTP path on the app that answers 2xx while it is healthy
 * @param upstreams        explicit outbound ports on 127.0.0.1, service name to port
 * @param controlPlane     host:port of the control plane's gRPC endpoint (xDS, registration, CA)
 * @param token            join token (may be empty when the control plane does not require one)
 * @param adminPort        admin endpoints (/ready, /metrics, ...)
 * @param inboundPort      inbound listener, where other sidecars reach this instance
 * @param outboundPort     shared outbound listener routing by Host
 * @param advertiseHost    the address other sidecars use to reach {@code inboundPort}
 * @param dataDir          where the sidecar keeps its key and certificate
 * @param zone             locality zone of this instance
 * @param version          version label of this instance
 * @param registrationTtl  TTL the sidecar registers its instance with; it heartbeats at a third of it
 * @param trustDomain      SPIFFE trust domain of the mesh (the control plane's {@code --trust-domain})
 * @param appProtocol      what the local app speaks; it registers with it, and a {@code tcp} app gets an opaque
 *                         TCP inbound listener; the app is health-checked by GET of its health path (http), the
 *                         gRPC health protocol (grpc), or a TCP connect (http2, tcp: the health path is unused)
 * @param limits           HTTP/1.1, HTTP/2 and tunnel limits of every listener ({@code null}: the Envoy-like defaults)
 * @param drainTimeout     how long a graceful stop (SIGTERM, {@code close()}) lets in-flight requests finish before it
 *                         closes what is left ({@code null}: {@link #DEFAULT_DRAIN_TIMEOUT})
 * @param adminToken       bearer token the admin port requires on every endpoint but /ready, /live and /metrics
 *                         ({@code null} or empty: none)
 */
public record SidecarSettings(String service, int appPort, String appHealthPath, Map<String, Integer> upstreams,
                              String controlPlane, String token, int adminPort, int inboundPort,
                              int outboundPort, String advertiseHost, Path dataDir, String zone,
                              String version, Duration registrationTtl, String trustDomain,
                              AppProtocol appProtocol, ProtocolLimits limits, Duration drainTimeout,
                              String adminToken) {

    public static final int DEFAULT_ADMIN_PORT = 15000;
    public static final int DEFAULT_OUTBOUND_PORT = NodeMetadata.DEFAULT_OUTBOUND_PORT;
    public static final int DEFAULT_INBOUND_PORT = NodeMetadata.DEFAULT_INBOUND_PORT;
    public static final Duration DEFAULT_REGISTRATION_TTL = Duration.ofSeconds(10);
    public static final String DEFAULT_TRUST_DOMAIN = "mesh.local";
    /** Within Kubernetes' default 30 s termination grace period. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);

    public SidecarSettings {
        ServiceName.check(service, "service");
        port(appPort, "app-port");
        appHealthPath = appHealthPath == null || appHealthPath.isEmpty() ? "/" : appHealthPath;
        if (!appHealthPath.startsWith("/")) {
            throw new IllegalArgumentException("app-health-path: '" + appHealthPath + "' (expected: starts with '/')");
        }
        upstreams = Map.copyOf(Objects.requireNonNull(upstreams, "upstreams"));
        upstreams.forEach((name, port) -> {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("upstream: " + name + "=" + port
                        + " (expected: SERVICE=PORT, port 0..65535, 0 for any free port)");
            }
        });
        if (controlPlane == null || !controlPlane.matches("[^:\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("control-plane: '" + controlPlane + "' (expected: HOST:PORT)");
        }
        token = token == null ? "" : token;
        port(adminPort, "admin-port");
        port(inboundPort, "inbound-port");
        port(outboundPort, "outbound-port");
        advertiseHost = advertiseHost == null || advertiseHost.isEmpty() ? "127.0.0.1" : advertiseHost;
        Objects.requireNonNull(dataDir, "data-dir");
        zone = zone == null ? "" : zone;
        version = version == null ? "" : version;
        registrationTtl = registrationTtl == null ? DEFAULT_REGISTRATION_TTL : registrationTtl;
        if (registrationTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("registration-ttl: " + registrationTtl + " (expected: >= 1s)");
        }
        trustDomain = trustDomain == null || trustDomain.isEmpty() ? DEFAULT_TRUST_DOMAIN : trustDomain;
        TrustDomain.check(trustDomain, "trust-domain");
        appProtocol = appProtocol == null ? AppProtocol.HTTP : appProtocol;
        limits = limits == null ? ProtocolLimits.DEFAULT : limits;
        drainTimeout = drainTimeout == null ? DEFAULT_DRAIN_TIMEOUT : drainTimeout;
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain-timeout: " + drainTimeout + " (expected: >= 0s)");
        }
        adminToken = adminToken == null ? "" : adminToken;
    }

    /** Settings with the default drain timeout and no admin token. */
    public SidecarSettings(String service, int appPort, String appHealthPath, Map<String, Integer> upstreams,
                           String controlPlane, String token, int adminPort, int inboundPort, int outboundPort,
                           String advertiseHost, Path dataDir, String zone, String version, Duration registrationTtl,
                           String trustDomain, AppProtocol appProtocol, ProtocolLimits limits) {
        this(service, appPort, appHealthPath, upstreams, controlPlane, token, adminPort, inboundPort, outboundPort,
                advertiseHost, dataDir, zone, version, registrationTtl, trustDomain, appProtocol, limits, null, null);
    }

    /** Settings with the default protocol limits. */
    public SidecarSettings(String service, int appPort, String appHealthPath, Map<String, Integer> upstreams,
                           String controlPlane, String token, int adminPort, int inboundPort, int outboundPort,
                           String advertiseHost, Path dataDir, String zone, String version, Duration registrationTtl,
                           String trustDomain, AppProtocol appProtocol) {
        this(service, appPort, appHealthPath, upstreams, controlPlane, token, adminPort, inboundPort, outboundPort,
                advertiseHost, dataDir, zone, version, registrationTtl, trustDomain, appProtocol, ProtocolLimits.DEFAULT);
    }

    /** Settings of an HTTP app. */
    public SidecarSettings(String service, int appPort, String appHealthPath, Map<String, Integer> upstreams,
                           String controlPlane, String token, int adminPort, int inboundPort, int outboundPort,
                           String advertiseHost, Path dataDir, String zone, String version, Duration registrationTtl,
                           String trustDomain) {
        this(service, appPort, appHealthPath, upstreams, controlPlane, token, adminPort, inboundPort, outboundPort,
                advertiseHost, dataDir, zone, version, registrationTtl, trustDomain, AppProtocol.HTTP);
    }

    /** Settings of an HTTP app in the default trust domain ({@value #DEFAULT_TRUST_DOMAIN}). */
    public SidecarSettings(String service, int appPort, String appHealthPath, Map<String, Integer> upstreams,
                           String controlPlane, String token, int adminPort, int inboundPort, int outboundPort,
                           String advertiseHost, Path dataDir, String zone, String version, Duration registrationTtl) {
        this(service, appPort, appHealthPath, upstreams, controlPlane, token, adminPort, inboundPort, outboundPort,
                advertiseHost, dataDir, zone, version, registrationTtl, DEFAULT_TRUST_DOMAIN, AppProtocol.HTTP);
    }

    /** Who this instance is and how it registers, as the xDS client and the registration agent need it. */
    public InstanceSettings instance() {
        return new InstanceSettings(service, appPort, appProtocol, advertiseHost, zone, version, registrationTtl, token);
    }

    public boolean hasApp() {
        return appPort > 0;
    }

    public String controlPlaneHost() {
        return controlPlane.substring(0, controlPlane.lastIndexOf(':'));
    }

    public int controlPlanePort() {
        return Integer.parseInt(controlPlane.substring(controlPlane.lastIndexOf(':') + 1));
    }

    private static void port(int value, String field) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..65535)");
        }
    }
}
