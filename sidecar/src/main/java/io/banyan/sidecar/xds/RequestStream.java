package io.banyan.sidecar.xds;

import io.banyan.dataplane.xds.XdsType;
import io.grpc.stub.ClientCallStreamObserver;

import java.util.EnumMap;
import java.util.Map;

/**
 * What both ADS variants' request sides keep alike: the gRPC request observer, and per type the last response nonce.
 * Used from the client's thread only.
 *
 * @param <Q> the request message
 */
abstract class RequestStream<Q> implements XdsStream {

    private final Map<XdsType, String> nonces = new EnumMap<>(XdsType.class);
    private ClientCallStreamObserver<Q> requests;

    void attach(ClientCallStreamObserver<Q> requestObserver) {
        this.requests = requestObserver;
    }

    @Override
    public void received(XdsType type, String nonce) {
        nonces.put(type, nonce);
    }

    @Override
    public boolean isLatest(XdsType type, String nonce) {
        return nonce.equals(nonces.get(type));
    }

    @Override
    public void cancel(String reason) {
        if (requests != null) {
            requests.cancel(reason, null);
        }
    }

    /** The last nonce received for the type, {@code ""} before any. */
    String nonce(XdsType type) {
        return nonces.getOrDefault(type, "");
    }

    void send(Q request) {
        requests.onNext(request);
    }
}
