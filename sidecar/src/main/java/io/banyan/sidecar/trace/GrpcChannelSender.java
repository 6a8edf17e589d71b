package io.banyan.sidecar.trace;

import io.banyan.api.grpc.BytesMarshaller;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * OTLP/gRPC on the sidecar's own grpc-java (grpc-netty): the SDK's gRPC senders (OkHttp, or its managed-channel
 * sender) are not used, so the exporter adds no HTTP client. One channel to the endpoint, plaintext for
 * {@code http://}, TLS with the JDK's trust for {@code https://}; the SDK's exporter retries what fails.
 */
final class GrpcChannelSender implements GrpcSender {

    private final GrpcSenderConfig config;
    private final ManagedChannel channel;
    private final MethodDescriptor<byte[], byte[]> method;

    GrpcChannelSender(GrpcSenderConfig config) {
        this.config = config;
        URI endpoint = config.getEndpoint();
        boolean tls = "https".equals(endpoint.getScheme());
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
        NettyChannelBuilder channelBuilder = NettyChannelBuilder.forAddress(endpoint.getHost(), port);
        this.channel = (tls ? channelBuilder.useTransportSecurity() : channelBuilder.usePlaintext()).build();
        this.method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(config.getFullMethodName())
                .setRequestMarshaller(BytesMarshaller.INSTANCE)
                .setResponseMarshaller(BytesMarshaller.INSTANCE)
                .build();
    }

    @Override
    public void send(MessageWriter writer, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
        byte[] message;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, writer.getContentLength()));
            writer.writeMessage(out);
            message = out.toByteArray();
        } catch (IOException | RuntimeException e) {
            onError.accept(e);
            return;
        }
        Metadata headers = new Metadata();
        Map<String, List<String>> extra = config.getHeadersSupplier() == null ? Map.of()
                : config.getHeadersSupplier().get();
        extra.forEach((name, values) -> values.forEach(value ->
                headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value)));
        CallOptions options = CallOptions.DEFAULT
                .withDeadlineAfter(config.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ClientCall<byte[], byte[]> call = io.grpc.ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(headers)).newCall(method, options);
        ClientCalls.asyncUnaryCall(call, message, new StreamObserver<>() {
            private byte[] answer;

            @Override
            public void onNext(byte[] value) {
                answer = value;
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                onResponse.accept(response(GrpcStatusCode.fromValue(status.getCode().value()),
                        status.getDescription(), null));
            }

            @Override
            public void onCompleted() {
                onResponse.accept(response(GrpcStatusCode.OK, null, answer));
            }
        });
    }

    private static GrpcResponse response(GrpcStatusCode code, String description, byte[] message) {
        return new GrpcResponse() {
            @Override
            public GrpcStatusCode getStatusCode() {
                return code;
            }

            @Override
            public String getStatusDescription() {
                return description;
            }

            @Override
            public byte[] getResponseMessage() {
                return message;
            }
        };
    }

    @Override
    public CompletableResultCode shutdown() {
        channel.shutdown();
        return CompletableResultCode.ofSuccess();
    }
}
