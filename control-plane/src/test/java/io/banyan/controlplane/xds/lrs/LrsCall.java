package io.banyan.controlplane.xds.lrs;

import io.banyan.controlplane.support.StreamCall;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.Channel;

/** One load-reporting stream of a test data plane: what it received and how it ended. */
final class LrsCall extends StreamCall<LoadStatsRequest, LoadStatsResponse> {

    private LrsCall(Channel channel) {
        LoadReportingServiceGrpc.newStub(channel).streamLoadStats(observer());
    }

    /** Opens a stream whose first request carries {@code node} and no stats, as a data plane's does. */
    static LrsCall open(Channel channel, Node node) {
        LrsCall call = new LrsCall(channel);
        call.send(LoadStatsRequest.newBuilder().setNode(node).build());
        return call;
    }
}
