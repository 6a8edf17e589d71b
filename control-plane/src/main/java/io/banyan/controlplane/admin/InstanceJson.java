package io.banyan.controlplane.admin;

import io.banyan.controlplane.registry.HealthState;
import io.banyan.controlplane.registry.Instance;
import io.banyan.controlplane.registry.InstanceHealth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON of an instance; {@code ttlSeconds} is null for an instance without a TTL. {@code healthy} says whether it
 * gets traffic, {@code health} why: {@code healthy}, {@code grace} (restored at startup, not heartbeated yet),
 * {@code held} (missed its TTL, kept by self-preservation) or {@code expired}.
 */
record InstanceJson(String id, String service, String host, int port, String zone, String version, int weight,
                    Long ttlSeconds, String protocol, Map<String, String> metadata, boolean mesh, boolean healthy,
                    String health, Instant lastHeartbeat) {

    static InstanceJson of(InstanceHealth health) {
        Instance i = health.instance();
        return new InstanceJson(i.id(), i.service(), i.host(), i.port(), i.zone(), i.version(), i.weight(),
                i.ttl() == null ? null : i.ttl().getSeconds(), i.protocol().wireName(), i.metadata(), i.mesh(),
                health.healthy(), health.state().wireName(), health.lastHeartbeat());
    }

    /** A service with its instances; {@code selfPreservation} is true while any of them is held. */
    record Service(String name, boolean selfPreservation, List<InstanceJson> instances) {

        static Service of(String name, List<InstanceHealth> instances) {
            return new Service(name, instances.stream().anyMatch(i -> i.state() == HealthState.HELD),
                    instances.stream().map(InstanceJson::of).toList());
        }
    }

    /** The list of services. */
    record Services(List<Service> services) {
    }
}
