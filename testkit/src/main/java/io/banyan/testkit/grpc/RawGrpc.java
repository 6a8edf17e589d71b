package io.banyan.testkit.grpc;

import io.grpc.MethodDescriptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** gRPC methods whose messages are the bytes on the wire, for fake servers and clients without generated stubs. */
public final class RawGrpc {

    /** Messages as they are on the wire. */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawGrpc() {
    }

    /** The method {@code fullMethodName} ("package.Service/Method") of {@code type}, raw bytes both ways. */
    public static MethodDescriptor<byte[], byte[]> method(String fullMethodName, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(fullMethodName)
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    /** A unary method, raw bytes both ways. */
    public static MethodDescriptor<byte[], byte[]> unary(String fullMethodName) {
        return method(fullMethodName, MethodDescriptor.MethodType.UNARY);
    }
}
