package io.banyan.sidecar.health;

import io.banyan.api.grpc.BytesMarshaller;
import io.grpc.CallOptions;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Health of a gRPC app by the standard health protocol ({@code grpc.health.v1.Health/Check}, the whole server:
 * service ""), over h2c: SERVING is healthy; NOT_SERVING, UNKNOWN or an error is not. An app that does not
 * implement the health service (UNIMPLEMENTED) still answered as a gRPC server, so it counts as healthy.
 * The two tiny protobuf messages are encoded by hand: no generated code in the sidecar. Given the data plane's
 * event loop group and channel type, the probe's channel runs on them, with unpooled buffers (a probe is a few bytes).
 */
public final class GrpcHealthProbe implements HealthProbe, AutoCloseable {

    private static final byte[] CHECK_ALL = new byte[0]; // HealthCheckRequest{service: ""}
    private static final int SERVING = 1;
    private static final MethodDescriptor<byte[], byte[]> CHECK = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("grpc.health.v1.Health/Check")
            .setRequestMarshaller(BytesMarshaller.INSTANCE)
            .setResponseMarshaller(BytesMarshaller.INSTANCE)
            .build();

    private final ManagedChannel channel;
    private final Duration timeout;

    /** On gRPC's own event loops (tests). */
    public GrpcHealthProbe(String host, int port, Duration timeout) {
        this(host, port, timeout, null, null);
    }

    /** On {@code group} with sockets of {@code channelType} (the data plane's: {@code EventLoops}); not shut down here. */
    public GrpcHealthProbe(String host, int port, Duration timeout, EventLoopGroup group,
                           Class<? extends Channel> channelType) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if ((group == null) != (channelType == null)) {
            throw new IllegalArgumentException("group and channelType: " + group + ", " + channelType
                    + " (expected: both or neither)");
        }
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(Objects.requireNonNull(host, "host"), port,
                InsecureChannelCredentials.create());
        if (group != null) {
            builder.eventLoopGroup(group)
                    .channelType(channelType)
                    .withOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT);
        }
        this.channel = builder.build();
    }

    @Override
    public CompletableFuture<ProbeResult> probe() {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        var call = ClientCalls.futureUnaryCall(channel.newCall(CHECK,
                CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)), CHECK_ALL);
        call.addListener(() -> result.complete(judge(call)), Runnable::run);
        return result;
    }

    private static ProbeResult judge(java.util.concurrent.Future<byte[]> call) {
        try {
            int status = servingStatus(call.get());
            return status == SERVING ? ProbeResult.success("grpc health SERVING")
                    : ProbeResult.failure("grpc health status " + status + " (expected: 1 SERVING)");
        } catch (ExecutionException e) {
            Status status = Status.fromThrowable(e.getCause());
            if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                return ProbeResult.success("grpc server without a health service");
            }
            return ProbeResult.failure("grpc health check: " + status.getCode()
                    + (status.getDescription() == null ? "" : " " + status.getDescription()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failure("interrupted");
        } catch (RuntimeException e) {
            return ProbeResult.failure("grpc health check: " + e.getMessage());
        }
    }

    /** Field 1 (status, varint) of HealthCheckResponse; 0 (UNKNOWN) when absent. */
    static int servingStatus(byte[] response) {
        int i = 0;
        while (i < response.length) {
            int tag = response[i++] & 0xff;
            long value = 0;
            for (int shift = 0; i < response.length; shift += 7) {
                byte b = response[i++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (tag == 0x08) {
                return (int) value;
            }
            if ((tag & 0x07) != 0) {
                throw new StatusRuntimeException(Status.INTERNAL.withDescription("unexpected field tag " + tag));
            }
        }
        return 0;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
