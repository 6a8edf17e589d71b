package io.banyan.api.ca;

import io.banyan.api.grpc.JsonMarshaller;
import io.grpc.MethodDescriptor;

/** Method descriptors of {@code banyan.ca.v1.CertificateService}; both sides build on these. */
public final class CertificateMethods {

    public static final String SERVICE_NAME = "banyan.ca.v1.CertificateService";

    public static final MethodDescriptor<SignRequest, SignResponse> SIGN = MethodDescriptor.<SignRequest, SignResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Sign"))
            .setRequestMarshaller(JsonMarshaller.of(SignRequest.class))
            .setResponseMarshaller(JsonMarshaller.of(SignResponse.class))
            .build();

    private CertificateMethods() {
    }
}
