package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * Who this sidecar instance is, as the control plane learns it from the xDS node and the registration: the part of
 * the launcher's settings that the xDS client and the registration agent need.
 *
 * @param service         the service this instance belongs to (its identity)
 * @param appPort         the local app's port, 0 for a client-only sidecar
 * @param appProtocol     what the local app speaks
 * @param advertiseHost   the address other sidecars use to reach this instance's inbound listener
 * @param zone            locality zone of this instance, empty for none
 * @param version         version label of this instance, empty for none
 * @param registrationTtl TTL the instance registers with; it heartbeats at a third of it
 * @param token           join token sent with the registration, empty for none
 */
public record InstanceSettings(String service, int appPort, AppProtocol appProtocol, String advertiseHost,
                               String zone, String version, Duration registrationTtl, String token) {

    public InstanceSettings {
        Checks.nonEmpty(service, "service");
        if (appPort < 0 || appPort > 65535) {
            throw new IllegalArgumentException("appPort: " + appPort + " (expected: 0..65535, 0 for none)");
        }
        Checks.nonNull(appProtocol, "appProtocol");
        Checks.nonEmpty(advertiseHost, "advertiseHost");
        Checks.nonNull(zone, "zone");
        Checks.nonNull(version, "version");
        Checks.positive(registrationTtl, "registrationTtl");
        Checks.nonNull(token, "token");
    }

    /** Whether a local app sits behind this sidecar (else it only calls out, and does not register). */
    public boolean hasApp() {
        return appPort > 0;
    }
}
