package io.banyan.sidecar.trace;

import java.util.Objects;

/**
 * Who exports the spans, as the OpenTelemetry resource names it.
 *
 * @param service    {@code service.name}: the sidecar's service, a gateway's name
 * @param instanceId {@code service.instance.id}: unique per process
 * @param zone       {@code banyan.zone}, empty for none
 * @param version    {@code banyan.version} (and {@code service.version}), empty for none
 * @param gateway    whether it is an edge gateway ({@code banyan.role} gateway, else sidecar)
 */
public record TracedProcess(String service, String instanceId, String zone, String version, boolean gateway) {

    public TracedProcess {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(version, "version");
    }
}
