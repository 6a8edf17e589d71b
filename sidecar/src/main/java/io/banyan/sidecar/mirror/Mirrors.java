package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.metrics.MirrorMeters;
import io.banyan.sidecar.metrics.MirrorOutcome;
import io.banyan.sidecar.resilience.ReplayBuffer;
import io.banyan.sidecar.upstream.UpstreamAcquirer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Starts the shadow copies of a routed request: for each mirror policy of its route that samples it, whose cluster
 * is in the config and below {@link #MAX_IN_FLIGHT_PER_CLUSTER} copies in flight, a {@link ShadowRequest} of the
 * request as it goes up (method, target, headers after the proxy's own changes, {@code Host} with {@code -shadow}
 * unless the policy says not), its body copied up to {@link #MAX_BODY_BYTES}, bounded in time by the route's timeout
 * ({@link RouteAction#DEFAULT_TIMEOUT} when the route has none). One per listener; used on every event loop.
 */
public final class Mirrors {

    /** Shadow requests one mirror cluster may have in flight (body buffered or sent) per data plane. */
    public static final int MAX_IN_FLIGHT_PER_CLUSTER = 64;
    /** The most body a copy keeps: the replay limit of retries; a larger body is not mirrored. */
    public static final int MAX_BODY_BYTES = ReplayBuffer.DEFAULT_LIMIT_BYTES;

    private final UpstreamAcquirer pool;
    private final Function<String, MirrorMeters> meters;
    private final MirrorSampler sampler;
    private final int maxInFlight;

    /**
     * @param meters a mirror cluster's meters by name
     * @param random the sampling source, shared by event loops
     */
    public Mirrors(UpstreamAcquirer pool, Function<String, MirrorMeters> meters, RandomGenerator random) {
        this(pool, meters, random, MAX_IN_FLIGHT_PER_CLUSTER);
    }

    Mirrors(UpstreamAcquirer pool, Function<String, MirrorMeters> meters, RandomGenerator random, int maxInFlight) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.sampler = new MirrorSampler(random);
        this.maxInFlight = maxInFlight;
    }

    /**
     * The copies of {@code request} (head ready to go up, body to come) under {@code action}; {@code null} when none
     * is started. Call it only for plain HTTP requests: upgrades and gRPC are not mirrored.
     */
    public RequestMirror start(RouteAction action, Clusters clusters, HttpRequest request, EventLoop loop) {
        List<MirrorPolicy> policies = action.mirrors();
        if (policies.isEmpty()) {
            return null;
        }
        List<ShadowRequest> shadows = null;
        for (int i = 0; i < policies.size(); i++) {
            MirrorPolicy policy = policies.get(i);
            if (!sampler.sampled(policy)) {
                continue;
            }
            MirrorMeters target = meters.apply(policy.cluster());
            ClusterState cluster = clusters.get(policy.cluster());
            if (cluster == null) {
                target.record(MirrorOutcome.DROPPED_NO_UPSTREAM);
                continue;
            }
            if (HttpUtil.getContentLength(request, -1L) > MAX_BODY_BYTES) {
                target.record(MirrorOutcome.DROPPED_BODY_TOO_LARGE); // known from the head: nothing is kept
                continue;
            }
            if (!target.tryStart(maxInFlight)) {
                target.record(MirrorOutcome.DROPPED_OVERFLOW);
                continue;
            }
            if (shadows == null) {
                shadows = new ArrayList<>(policies.size());
            }
            shadows.add(new ShadowRequest(copyHead(request, policy), cluster, target, pool, loop, MAX_BODY_BYTES,
                    timeoutNanos(action)));
        }
        return shadows == null ? null : new RequestMirror(shadows);
    }

    private static HttpRequest copyHead(HttpRequest request, MirrorPolicy policy) {
        HttpHeaders headers = request.headers().copy();
        headers.remove(HttpHeaderNames.EXPECT); // the body follows the head at once
        String authority = headers.get(HttpHeaderNames.HOST);
        if (authority != null && policy.appendShadowSuffix()) {
            headers.set(HttpHeaderNames.HOST, ShadowAuthority.of(authority));
        }
        return new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(), headers);
    }

    private static long timeoutNanos(RouteAction action) {
        Duration timeout = action.timeout().isZero() ? RouteAction.DEFAULT_TIMEOUT : action.timeout();
        return timeout.toNanos();
    }
}
