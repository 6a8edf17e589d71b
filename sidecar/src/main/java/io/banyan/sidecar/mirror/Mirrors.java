package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.loadstats.LoadSink;
import io.banyan.sidecar.metrics.MirrorMeters;
import io.banyan.sidecar.metrics.MirrorOutcome;
import io.banyan.sidecar.mirror.compare.JsonBodyReader;
import io.banyan.sidecar.resilience.ReplayBuffer;
import io.banyan.sidecar.upstream.UpstreamAcquirer;
import io.netty.channel.Channel;
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
 * ({@link RouteAction#DEFAULT_TIMEOUT} when the route has none). A policy with a comparison pairs its copy with the
 * live answer ({@link ShadowPair}), counted in the {@link ShadowLedger}. One per data plane; used on every event loop.
 */
public final class Mirrors {

    /** Shadow requests one mirror cluster may have in flight (body buffered or sent) per data plane. */
    public static final int MAX_IN_FLIGHT_PER_CLUSTER = 64;
    /** The most body a copy keeps: the replay limit of retries; a larger body is not mirrored. */
    public static final int MAX_BODY_BYTES = ReplayBuffer.DEFAULT_LIMIT_BYTES;

    private final ShadowEnvironment environment;
    private final Function<String, MirrorMeters> meters;
    private final MirrorSampler sampler;
    private final int maxInFlight;
    private final ShadowLedger ledger;
    private final JsonBodyReader json = new JsonBodyReader();

    /**
     * @param meters   a mirror cluster's meters by name
     * @param random   the sampling source, shared by event loops
     * @param ledger   where the comparisons of copies with the live answers are kept
     * @param loadSink where copies are counted for load reports ({@link LoadSink#NONE}: nowhere)
     * @param ticker   times the copies
     */
    public Mirrors(UpstreamAcquirer pool, Function<String, MirrorMeters> meters, RandomGenerator random,
                   ShadowLedger ledger, LoadSink loadSink, Ticker ticker) {
        this(pool, meters, random, ledger, loadSink, ticker, MAX_IN_FLIGHT_PER_CLUSTER);
    }

    Mirrors(UpstreamAcquirer pool, Function<String, MirrorMeters> meters, RandomGenerator random, ShadowLedger ledger,
            LoadSink loadSink, Ticker ticker, int maxInFlight) {
        this.environment = new ShadowEnvironment(Objects.requireNonNull(pool, "pool"),
                Objects.requireNonNull(loadSink, "loadSink"), Objects.requireNonNull(ticker, "ticker"), MAX_BODY_BYTES);
        this.meters = Objects.requireNonNull(meters, "meters");
        this.sampler = new MirrorSampler(random);
        this.maxInFlight = maxInFlight;
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * The copies of {@code request} (head ready to go up, body to come) under {@code action}, on {@code downstream}'s
     * event loop; {@code null} when none is started. Call it only for plain HTTP requests: upgrades and gRPC are not
     * mirrored.
     */
    public RequestMirror start(RouteAction action, Clusters clusters, HttpRequest request, Channel downstream) {
        List<MirrorPolicy> policies = action.mirrors();
        if (policies.isEmpty()) {
            return null;
        }
        List<ShadowRequest> shadows = null;
        List<AnswerCapture> live = null;
        List<List<ShadowPair>> pairs = null;
        for (int i = 0; i < policies.size(); i++) {
            MirrorPolicy policy = policies.get(i);
            if (!sampler.sampled(policy)) {
                continue;
            }
            MirrorMeters target = meters.apply(policy.cluster());
            MirrorOutcome refused = refusal(policy, clusters, request, target);
            if (refused != null) {
                target.record(refused);
                if (policy.compare() != null) {
                    ledger.dropped(policy.cluster());
                }
                continue;
            }
            if (shadows == null) {
                shadows = new ArrayList<>(policies.size());
            }
            HttpRequest head = copyHead(request, policy);
            ShadowPair pair = null;
            if (policy.compare() != null) {
                if (live == null) {
                    live = new ArrayList<>(1);
                    pairs = new ArrayList<>(1);
                }
                pair = new ShadowPair(new AnswerCapture(policy.compare(), downstream.alloc(), json), policy.cluster(),
                        head, target, ledger);
                comparedWith(policy, live, pairs, downstream).add(pair);
            }
            shadows.add(new ShadowRequest(head, clusters.get(policy.cluster()), target, environment,
                    downstream.eventLoop(), timeoutNanos(action), pair));
        }
        return shadows == null ? null
                : new RequestMirror(shadows, live == null ? List.of() : live, pairs == null ? List.of() : pairs,
                        downstream.eventLoop());
    }

    /** Why a sampled copy cannot go (counted as dropped), or null when it takes one of its cluster's slots. */
    private MirrorOutcome refusal(MirrorPolicy policy, Clusters clusters, HttpRequest request, MirrorMeters target) {
        if (clusters.get(policy.cluster()) == null) {
            return MirrorOutcome.DROPPED_NO_UPSTREAM;
        }
        if (HttpUtil.getContentLength(request, -1L) > MAX_BODY_BYTES) {
            return MirrorOutcome.DROPPED_BODY_TOO_LARGE; // known from the head: nothing is kept
        }
        return target.tryStart(maxInFlight) ? null : MirrorOutcome.DROPPED_OVERFLOW;
    }

    /** The pairs comparing with the live capture of {@code policy}'s comparison, made on first use. */
    private List<ShadowPair> comparedWith(MirrorPolicy policy, List<AnswerCapture> live, List<List<ShadowPair>> pairs,
                                          Channel downstream) {
        for (int i = 0; i < live.size(); i++) {
            if (live.get(i).compare().equals(policy.compare())) {
                return pairs.get(i);
            }
        }
        live.add(new AnswerCapture(policy.compare(), downstream.alloc(), json));
        List<ShadowPair> compared = new ArrayList<>(1);
        pairs.add(compared);
        return compared;
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
