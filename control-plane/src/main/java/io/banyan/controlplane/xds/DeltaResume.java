package io.banyan.controlplane.xds;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes java-control-plane's delta server serve what an incremental client needs: a stream's first watch of a
 * wildcard type (CDS, LDS) is always answered ({@link FirstDeltaAnswer}), and a stream resumes.
 *
 * <p>java-control-plane's delta server ignores a first request's
 * {@code initial_resource_versions} (it counts as held only what it sent and saw ACKed on the same stream), so a
 * client reconnecting would get every resource again. Placed between the server and the cache, this adds, to every
 * delta watch of the stream, the versions the client said it holds ("resumed"): the cache then sends only what
 * differs from them, and a resumed resource gone from the snapshot as removed. A resumed entry lasts until a response
 * carries or removes that name (the server's own bookkeeping takes over from there), or the stream ends.
 *
 * <p>The cache is told the stream of a request by the request itself: the server hands the same request object to
 * the callbacks ({@link #onV3StreamDeltaRequest}) and then to {@link #createDeltaWatch}; one is remembered per stream.
 * A type's first request holding more than {@link #MAX_RESUMED_PER_TYPE} versions is not resumed (everything is sent,
 * as without this class). Thread-safe; never blocks.
 */
final class DeltaResume implements ConfigWatcher, DiscoveryServerCallbacks, AutoCloseable {

    /** Versions kept per stream and type at most: beyond, the type is sent whole. */
    static final int MAX_RESUMED_PER_TYPE = 50_000;

    private final SimpleCache<String> cache;
    private final FirstDeltaAnswer firstAnswer;
    private final Map<DeltaDiscoveryRequest, Long> requests = new IdentityHashMap<>();
    private final Map<Long, StreamState> streams = new HashMap<>();

    /** @param cache the snapshots, keyed by node id (as {@link SnapshotPublisher#cache()}) */
    DeltaResume(SimpleCache<String> cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.firstAnswer = new FirstDeltaAnswer(cache);
    }

    @Override
    public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
                             Consumer<Response> responseConsumer, boolean hasClusterChanged,
                             boolean allowDefaultEmptyEdsUpdate) {
        return cache.createWatch(ads, request, knownResourceNames, responseConsumer, hasClusterChanged,
                allowDefaultEmptyEdsUpdate);
    }

    @Override
    public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
                                       Map<String, String> resourceVersions, Set<String> pendingResources,
                                       boolean isWildcard, Consumer<DeltaResponse> responseConsumer,
                                       boolean hasClusterChanged) {
        Map<String, String> tracked = resourceVersions;
        Set<String> pending = pendingResources;
        Consumer<DeltaResponse> consumer = responseConsumer;
        Long streamId;
        boolean owesFirst = false;
        synchronized (this) {
            streamId = requests.remove(request.v3Request());
            StreamState stream = streamId == null ? null : streams.get(streamId);
            if (stream != null) {
                owesFirst = isWildcard && stream.firstAnswered.add(request.getTypeUrl());
                String typeUrl = request.getTypeUrl();
                Map<String, String> resumed = stream.resumed(typeUrl, request);
                if (!resumed.isEmpty()) {
                    tracked = new HashMap<>(resumed);
                    tracked.putAll(resourceVersions);
                    pending = new HashSet<>(pendingResources);
                    pending.removeAll(resumed.keySet());
                    consumer = response -> {
                        synchronized (this) {
                            resumed.keySet().removeAll(response.resources().keySet());
                            response.removedResources().forEach(resumed.keySet()::remove);
                        }
                        responseConsumer.accept(response);
                    };
                }
            }
        }
        if (!owesFirst) {
            return cache.createDeltaWatch(request, requesterVersion, tracked, pending, isWildcard, consumer,
                    hasClusterChanged);
        }
        Map<String, String> held = tracked;
        Set<String> toSend = pending;
        long stream = streamId;
        return firstAnswer.watch(consumer, once -> cache.createDeltaWatch(request, requesterVersion, held, toSend,
                true, once, hasClusterChanged), () -> isOpen(stream));
    }

    private synchronized boolean isOpen(long streamId) {
        return streams.containsKey(streamId);
    }

    @Override
    public void close() {
        firstAnswer.close();
    }

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    }

    /** Remembers the stream of the request, and which versions its client holds when it is a type's first. */
    @Override
    public synchronized void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
        StreamState stream = streams.computeIfAbsent(streamId, id -> new StreamState());
        if (stream.lastRequest != null) {
            requests.remove(stream.lastRequest);
        }
        stream.lastRequest = request;
        requests.put(request, streamId);
        stream.started(request);
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
        closed(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
        closed(streamId);
    }

    private synchronized void closed(long streamId) {
        StreamState stream = streams.remove(streamId);
        if (stream != null && stream.lastRequest != null) {
            requests.remove(stream.lastRequest);
        }
    }

    /** Streams with state here now (tests). */
    synchronized int streams() {
        return streams.size();
    }

    private static final class StreamState {
        DeltaDiscoveryRequest lastRequest;
        final Set<String> types = new HashSet<>();
        /** The wildcard types whose first response is settled (sent, or left to the cache). */
        final Set<String> firstAnswered = new HashSet<>();
        final Map<String, Map<String, String>> resumed = new HashMap<>();

        /**
         * A type's first request on the stream sets what the client holds of it; later ones are no resumption. Only
         * the types the snapshots serve are kept (a made-up type URL would be state the client chooses).
         */
        void started(DeltaDiscoveryRequest request) {
            if (!Resources.V3.TYPE_URLS.contains(request.getTypeUrl()) || !types.add(request.getTypeUrl())) {
                return;
            }
            Map<String, String> held = request.getInitialResourceVersionsMap();
            if (!held.isEmpty() && held.size() <= MAX_RESUMED_PER_TYPE) {
                resumed.put(request.getTypeUrl(), new HashMap<>(held));
            }
        }

        /** The versions still resumed of a type, less what this request unsubscribes. */
        Map<String, String> resumed(String typeUrl, DeltaXdsRequest request) {
            Map<String, String> held = resumed.getOrDefault(typeUrl, Map.of());
            if (!held.isEmpty()) {
                request.getResourceNamesUnsubscribeList().forEach(held.keySet()::remove);
            }
            return held;
        }
    }
}
