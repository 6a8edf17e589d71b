package io.banyan.controlplane.xds;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Puts the gRPC peer's address into the call's Context, where the stream callbacks read it. */
final class StreamPeer implements ServerInterceptor {

    private static final Context.Key<String> PEER = Context.key("banyan-xds-peer");

    /** {@code host:port} of the current call's peer; empty outside a call or when unknown. */
    static String current() {
        String peer = PEER.get();
        return peer == null ? "" : peer;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        Context context = Context.current().withValue(PEER, describe(remote));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address == null ? "" : address.toString();
    }
}
