package io.banyan.api.registration;

import io.banyan.api.grpc.JsonMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;

/** Method descriptors of {@code banyan.registry.v1.Registration}; both sides build on these. */
public final class RegistrationMethods {

    public static final String SERVICE_NAME = "banyan.registry.v1.Registration";

    public static final MethodDescriptor<RegisterRequest, RegisterResponse> REGISTER =
            unary("Register", RegisterRequest.class, RegisterResponse.class);
    public static final MethodDescriptor<InstanceRef, Ack> HEARTBEAT =
            unary("Heartbeat", InstanceRef.class, Ack.class);
    public static final MethodDescriptor<InstanceRef, Ack> DEREGISTER =
            unary("Deregister", InstanceRef.class, Ack.class);

    private RegistrationMethods() {
    }

    private static <Q, R> MethodDescriptor<Q, R> unary(String method, Class<Q> request, Class<R> response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, method))
                .setRequestMarshaller(JsonMarshaller.of(request))
                .setResponseMarshaller(JsonMarshaller.of(response))
                .build();
    }
}
