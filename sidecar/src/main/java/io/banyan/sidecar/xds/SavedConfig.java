package io.banyan.sidecar.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.banyan.dataplane.xds.ResourceDecoder;
import io.banyan.dataplane.xds.XdsType;
import io.banyan.sidecar.datadir.DataDir;
import io.banyan.sidecar.datadir.SavedResources;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The xDS client's side of the data dir: each ACKed type's resources as received (delta: every resource held, with
 * its name and version; state of the world: the response's), saved off the client's thread; and, at start, what an
 * earlier run saved, checked (LDS and CDS there, every resource decodes and translates) before the client applies
 * it. A saved configuration that fails a check is reported in one log line and not used at all.
 */
final class SavedConfig {

    /** Clusters before their endpoints, listeners before their routes, as a control plane sends them. */
    static final List<XdsType> RESTORE_ORDER = List.of(XdsType.CLUSTER, XdsType.ENDPOINT, XdsType.LISTENER,
            XdsType.ROUTE, XdsType.SECRET);

    private static final Logger log = LoggerFactory.getLogger(SavedConfig.class);

    /** One type as restored: what to apply, what a delta stream holds of it, and when it was ACKed. */
    record Restored(AdsResponse response, List<Resource> deltaResources, Instant savedAt) {
    }

    private final Map<String, SavedResources> restore;
    private final DataDir dataDir;
    private final ResourceDecoder decoder;

    /** @param dataDir null: nothing saved or restored */
    SavedConfig(Map<String, SavedResources> restore, DataDir dataDir, ResourceDecoder decoder) {
        this.restore = Map.copyOf(restore);
        this.dataDir = dataDir;
        this.decoder = decoder;
    }

    /** The saved configuration by type, when it passes every check; else empty. */
    Map<XdsType, Restored> restorable() {
        if (restore.isEmpty() || dataDir == null) {
            return Map.of();
        }
        Map<XdsType, Restored> restored = new EnumMap<>(XdsType.class);
        for (SavedResources saved : restore.values()) {
            Optional<XdsType> type = XdsType.ofTypeUrl(saved.typeUrl());
            if (type.isEmpty()) {
                continue; // a type this version does not subscribe to
            }
            Optional<String> problem = decode(type.get(), saved, restored);
            if (problem.isPresent()) {
                log.warn("data dir {}: the saved configuration is not used: {} {}", dataDir.path(),
                        DataDir.resourcesFileName(saved.typeUrl()), problem.get());
                return Map.of();
            }
        }
        if (!restored.containsKey(XdsType.LISTENER) || !restored.containsKey(XdsType.CLUSTER)) {
            log.info("data dir {}: no saved listeners and clusters; starting from the control plane", dataDir.path());
            return Map.of();
        }
        return restored;
    }

    private Optional<String> decode(XdsType type, SavedResources saved, Map<XdsType, Restored> restored) {
        List<Any> resources = new ArrayList<>();
        List<Resource> held = new ArrayList<>();
        for (SavedResources.Resource resource : saved.resources()) {
            Any any;
            try {
                any = Any.parseFrom(resource.body());
            } catch (InvalidProtocolBufferException e) {
                return Optional.of("holds a resource that is not a protobuf Any (" + e.getMessage() + ")");
            }
            if (!any.getTypeUrl().equals(type.typeUrl())) {
                return Optional.of("holds a resource of type " + any.getTypeUrl() + " (expected: " + type.typeUrl()
                        + ")");
            }
            resources.add(any);
            held.add(Resource.newBuilder().setName(resource.name()).setVersion(resource.version()).setResource(any)
                    .build());
        }
        ResourceDecoder.Decoded<?> decoded = switch (type) {
            case LISTENER -> decoder.listeners(resources);
            case ROUTE -> decoder.routes(resources);
            case CLUSTER -> decoder.clusters(resources);
            case ENDPOINT -> decoder.endpoints(resources);
            case SECRET -> decoder.appConfigs(resources);
        };
        if (!decoded.valid()) {
            return Optional.of("holds resources this sidecar refuses: " + decoded.errorMessage());
        }
        restored.put(type, new Restored(new AdsResponse(type.typeUrl(), saved.version(), "", resources), held,
                saved.savedAt()));
        return Optional.empty();
    }

    /**
     * Saves an ACKed response's type: {@code deltaHeld} every resource a delta stream holds of it, or null in state of
     * the world (the response's resources). Encoded and written on the data dir's thread.
     */
    void save(XdsType type, AdsResponse response, List<Resource> deltaHeld, Instant ackedAt) {
        if (dataDir == null) {
            return;
        }
        dataDir.saveResources(type.typeUrl(), () -> {
            List<SavedResources.Resource> resources = new ArrayList<>();
            if (deltaHeld != null) {
                deltaHeld.forEach(resource -> resources.add(new SavedResources.Resource(resource.getName(),
                        resource.getVersion(), resource.getResource().toByteArray())));
            } else {
                response.resources().forEach(any -> resources.add(new SavedResources.Resource("", "",
                        any.toByteArray())));
            }
            return new SavedResources(type.typeUrl(), response.version(), ackedAt, resources);
        });
    }
}
