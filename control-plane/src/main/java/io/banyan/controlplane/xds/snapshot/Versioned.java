package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.VersionedResource;

import java.util.ArrayList;
import java.util.List;

/**
 * Resources with their versions computed once: a resource's version is the hash of its content
 * ({@link ContentVersion}), a type's version the hash of its resources' names and versions, so a snapshot built
 * from shared resources costs no serialization of them (java-control-plane would otherwise hash each resource of
 * each node's snapshot again).
 */
final class Versioned {

    private Versioned() {
    }

    static <M extends Message> VersionedResource<M> of(M resource) {
        return VersionedResource.create(resource, ContentVersion.of(List.of(resource)));
    }

    static <M extends Message> List<VersionedResource<M>> each(List<M> resources) {
        List<VersionedResource<M>> versioned = new ArrayList<>(resources.size());
        resources.forEach(resource -> versioned.add(of(resource)));
        return versioned;
    }

    /** The type version: a hash of each resource's name and version, in order. */
    static String version(List<? extends VersionedResource<?>> resources) {
        return ContentVersion.ofVersions(resources);
    }
}
