package io.banyan.testkit.grpc;

import io.banyan.api.grpc.BytesMarshaller;
import io.grpc.MethodDescriptor;

/** gRPC methods whose messages are the bytes on the wire, for fake servers and clients without generated stubs. */
public final class RawGrpc {

    /** Messages as they are on the wire. */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES = BytesMarshaller.INSTANCE;

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
