package io.banyan.controlplane;

import io.banyan.adminserver.AdminLimits;
import io.banyan.controlplane.registry.RegistryRules;
import io.banyan.controlplane.xds.XdsLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the control plane is started: the launcher's options after parsing and validation.
 * Port 0 means "pick a free port" (tests). An empty {@code adminToken} disables admin-API auth
 * (only for local demos; the launcher warns).
 *
 * @param bindAddress   address both servers bind (default 0.0.0.0)
 * @param adminPort     admin REST API, /healthz, /metrics (default 15080)
 * @param xdsPort       gRPC: ADS, registration and certificate signing (default 15010)
 * @param dataDir       the durable store's directory
 * @param trustDomain   SPIFFE trust domain (default mesh.local)
 * @param adminToken    bearer token of the admin API
 * @param sweepInterval how often TTL expiry is checked
 * @param caDir         a CA made by {@code banyan certs init-ca} (root or intermediate); null: the control plane
 *                      creates its own root in {@code <dataDir>/ca} on first start and loads it afterwards
 * @param extraTrustRoots a PEM file of further roots for the trust bundle (root rotation), or null
 * @param certTtl       lifetime of workload certificates (default 1h, 30s..24h)
 * @param recover       start from what is readable of a store that lost data (older than its version mark,
 *                      unreadable entries) instead of refusing to start; the authorization default then turns
 *                      to deny-unless-allowed (default false)
 * @param registryRules startup grace, self-preservation threshold and reap period of the registry (null: defaults)
 * @param adminLimits   the admin port's connection limit and slow-client timeouts (null: {@link AdminLimits#DEFAULT})
 * @param xdsLimits     bounds of the xDS port's per-node state (streams per identity, tracked nodes, retention;
 *                      null: {@link XdsLimits#DEFAULT})
 */
public record ControlPlaneSettings(String bindAddress, int adminPort, int xdsPort, Path dataDir,
                                   String trustDomain, String adminToken, Duration sweepInterval,
                                   Path caDir, Path extraTrustRoots, Duration certTtl, boolean recover,
                                   RegistryRules registryRules, AdminLimits adminLimits,
                                   XdsLimits xdsLimits) {

    public static final Duration DEFAULT_CERT_TTL = Duration.ofHours(1);
    public static final Duration MIN_CERT_TTL = Duration.ofSeconds(30);
    public static final Duration MAX_CERT_TTL = Duration.ofHours(24);

    public static final int DEFAULT_ADMIN_PORT = 15080;
    public static final int DEFAULT_XDS_PORT = 15010;
    public static final String DEFAULT_TRUST_DOMAIN = "mesh.local";
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMillis(500);

    public ControlPlaneSettings {
        bindAddress = bindAddress == null || bindAddress.isEmpty() ? "0.0.0.0" : bindAddress;
        port(adminPort, "admin-port");
        port(xdsPort, "xds-port");
        Objects.requireNonNull(dataDir, "data-dir");
        trustDomain = trustDomain == null || trustDomain.isEmpty() ? DEFAULT_TRUST_DOMAIN : trustDomain;
        if (!trustDomain.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("trust-domain: '" + trustDomain
                    + "' (expected: lower-case letters, digits, '.' and '-', as in spiffe://<trust-domain>)");
        }
        adminToken = adminToken == null ? "" : adminToken;
        sweepInterval = sweepInterval == null ? DEFAULT_SWEEP_INTERVAL : sweepInterval;
        certTtl = certTtl == null ? DEFAULT_CERT_TTL : certTtl;
        if (certTtl.compareTo(MIN_CERT_TTL) < 0 || certTtl.compareTo(MAX_CERT_TTL) > 0) {
            throw new IllegalArgumentException("cert-ttl: " + certTtl + " (expected: 30s..24h)");
        }
        registryRules = registryRules == null ? RegistryRules.DEFAULT : registryRules;
        adminLimits = adminLimits == null ? AdminLimits.DEFAULT : adminLimits;
        xdsLimits = xdsLimits == null ? XdsLimits.DEFAULT : xdsLimits;
    }

    /** These settings, recovering ({@code true}) or refusing a store that lost data. */
    public ControlPlaneSettings withRecover(boolean recovering) {
        return new ControlPlaneSettings(bindAddress, adminPort, xdsPort, dataDir, trustDomain, adminToken,
                sweepInterval, caDir, extraTrustRoots, certTtl, recovering, registryRules, adminLimits, xdsLimits);
    }

    /** Settings that refuse to start on a store that lost data (no {@code --recover}), default rules and limits. */
    public ControlPlaneSettings(String bindAddress, int adminPort, int xdsPort, Path dataDir, String trustDomain,
                                String adminToken, Duration sweepInterval, Path caDir, Path extraTrustRoots,
                                Duration certTtl) {
        this(bindAddress, adminPort, xdsPort, dataDir, trustDomain, adminToken, sweepInterval, caDir, extraTrustRoots,
                certTtl, false, null, null, null);
    }

    /** Settings with the CA in {@code <dataDir>/ca}, no extra roots and the default certificate lifetime. */
    public ControlPlaneSettings(String bindAddress, int adminPort, int xdsPort, Path dataDir, String trustDomain,
                                String adminToken, Duration sweepInterval) {
        this(bindAddress, adminPort, xdsPort, dataDir, trustDomain, adminToken, sweepInterval, null, null, null);
    }

    private static void port(int value, String field) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..65535)");
        }
    }
}
