package io.banyan.sidecar.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.util.concurrent.CompletableFuture;

/** Netty futures as CompletableFutures. */
final class Futures {

    private Futures() {
    }

    static CompletableFuture<Channel> of(ChannelFuture future) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        future.addListener(done -> {
            if (done.isSuccess()) {
                result.complete(future.channel());
            } else {
                result.completeExceptionally(done.cause());
            }
        });
        return result;
    }
}
