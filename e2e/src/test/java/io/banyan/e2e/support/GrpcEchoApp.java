package io.banyan.e2e.support;

import io.banyan.testkit.grpc.RawGrpc;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real grpc-java server (h2c) with one method of each kind, messages as raw bytes (no generated code):
 * {@code Unary} echoes, or fails with the status a request {@code "status:<code>"} asks for (with a trailer);
 * {@code Split} streams back each byte of the request as a message; {@code Concat} answers all requests joined;
 * {@code Chat} echoes each message as it comes; {@code Hang} never answers and records the deadline it was given.
 */
public final class GrpcEchoApp implements AutoCloseable {

    public static final String SERVICE = "banyan.test.Echo";
    public static final Metadata.Key<String> DETAIL = Metadata.Key.of("x-detail", Metadata.ASCII_STRING_MARSHALLER);
    public static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);
    public static final MethodDescriptor<byte[], byte[]> SPLIT = method("Split", MethodDescriptor.MethodType.SERVER_STREAMING);
    public static final MethodDescriptor<byte[], byte[]> CONCAT = method("Concat", MethodDescriptor.MethodType.CLIENT_STREAMING);
    public static final MethodDescriptor<byte[], byte[]> CHAT = method("Chat", MethodDescriptor.MethodType.BIDI_STREAMING);
    public static final MethodDescriptor<byte[], byte[]> HANG = method("Hang", MethodDescriptor.MethodType.UNARY);

    private final Server server;
    private final AtomicLong lastDeadlineMillis = new AtomicLong(-1);
    private final AtomicLong unaryCalls = new AtomicLong();

    public GrpcEchoApp() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, reply) -> {
                    unaryCalls.incrementAndGet();
                    unary(request, reply);
                }))
                .addMethod(SPLIT, ServerCalls.asyncServerStreamingCall(GrpcEchoApp::split))
                .addMethod(CONCAT, ServerCalls.asyncClientStreamingCall(GrpcEchoApp::concat))
                .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(GrpcEchoApp::chat))
                .addMethod(HANG, ServerCalls.asyncUnaryCall(this::hang))
                .build();
        this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(service)
                .build()
                .start();
    }

    public int port() {
        return server.getPort();
    }

    /** The deadline the last {@code Hang} call arrived with, in milliseconds; -1 if none yet or without one. */
    /** How many unary calls this app received. */
    public long unaryCalls() {
        return unaryCalls.get();
    }

    public long lastDeadlineMillis() {
        return lastDeadlineMillis.get();
    }

    private static void unary(byte[] request, StreamObserver<byte[]> reply) {
        String text = new String(request, StandardCharsets.UTF_8);
        if (text.startsWith("status:")) {
            Metadata trailers = new Metadata();
            trailers.put(DETAIL, "asked-for");
            reply.onError(Status.fromCodeValue(Integer.parseInt(text.substring(7)))
                    .withDescription("as requested").asRuntimeException(trailers));
            return;
        }
        reply.onNext(request);
        reply.onCompleted();
    }

    private static void split(byte[] request, StreamObserver<byte[]> reply) {
        for (byte b : request) {
            reply.onNext(new byte[] {b});
        }
        reply.onCompleted();
    }

    private static StreamObserver<byte[]> concat(StreamObserver<byte[]> reply) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                all.writeBytes(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                reply.onNext(all.toByteArray());
                reply.onCompleted();
            }
        };
    }

    private static StreamObserver<byte[]> chat(StreamObserver<byte[]> reply) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                reply.onNext(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                reply.onCompleted();
            }
        };
    }

    private void hang(byte[] request, StreamObserver<byte[]> reply) {
        Deadline deadline = Context.current().getDeadline();
        lastDeadlineMillis.set(deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS));
        // never answers: the caller's or the mesh's deadline ends the call
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return RawGrpc.method(MethodDescriptor.generateFullMethodName(SERVICE, name), type);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
