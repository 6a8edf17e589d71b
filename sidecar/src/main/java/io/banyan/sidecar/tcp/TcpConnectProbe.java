package io.banyan.sidecar.tcp;

import io.banyan.sidecar.health.HealthProbe;
import io.banyan.sidecar.health.ProbeResult;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Health of an app that speaks opaque TCP: healthy when a connection to its port opens within the timeout (the
 * connection is closed at once). Asynchronous: never blocks the caller; always completes.
 */
public final class TcpConnectProbe implements HealthProbe {

    private final InetSocketAddress address;
    private final Duration timeout;

    public TcpConnectProbe(String host, int port, Duration timeout) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        this.address = new InetSocketAddress(Objects.requireNonNull(host, "host"), port);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CompletableFuture<ProbeResult> probe() {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open();
        } catch (IOException e) {
            return CompletableFuture.completedFuture(ProbeResult.failure("cannot open a socket: " + e.getMessage()));
        }
        channel.connect(address, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void ignored, Void attachment) {
                result.complete(ProbeResult.success("connected to port " + address.getPort()));
            }

            @Override
            public void failed(Throwable cause, Void attachment) {
                result.complete(ProbeResult.failure("connect to port " + address.getPort() + ": " + cause));
            }
        });
        return result
                .completeOnTimeout(ProbeResult.failure("timeout after " + timeout), timeout.toMillis(),
                        TimeUnit.MILLISECONDS)
                .whenComplete((done, failure) -> close(channel));
    }

    private static void close(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a probe socket: nothing to do
        }
    }
}
