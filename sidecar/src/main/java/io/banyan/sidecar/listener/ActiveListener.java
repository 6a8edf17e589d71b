package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.ListenerConfig;
import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;

/** A listener the data plane runs: its config and its server channel once bound. */
record ActiveListener(ListenerConfig config, CompletableFuture<Channel> channel) {

    /** Stops accepting; completes when the server channel is closed (or never bound). */
    CompletableFuture<Void> close() {
        return channel.handle((ch, failure) -> ch)
                .thenCompose(ch -> ch == null ? CompletableFuture.completedFuture(null)
                        : Futures.of(ch.close()).handle((c, f) -> null));
    }
}
