package io.banyan.controlplane.xds.snapshot;

import java.util.Objects;

/**
 * A resource (or one service's virtual host in a shared route table) that the sidecars' translators refuse, held
 * back from a node's snapshot.
 *
 * @param service  the service it belongs to (a virtual host's or cluster's service, else the node's own service)
 * @param kind     cluster, endpoint, listener or route: a closed set, usable as a metric tag
 * @param resource the resource's name, with {@code /<virtual host>} for one virtual host of a route table
 * @param reason   the translator's message, as a sidecar's NACK would carry it
 */
public record InvalidResource(String service, String kind, String resource, String reason) {

    public InvalidResource {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(reason, "reason");
    }
}
