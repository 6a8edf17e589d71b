package io.banyan.sidecar.xds;

import io.banyan.dataplane.xds.XdsType;

import java.util.Set;

/**
 * The request side of one ADS stream, whichever the protocol ({@link AdsStream}: state of the world,
 * {@link DeltaAdsStream}: incremental): subscriptions, ACKs and NACKs per type, and which response nonce is the
 * latest. Used from the client's thread only.
 */
interface XdsStream {

    /** A response of the type with this nonce arrived. */
    void received(XdsType type, String nonce);

    /** Whether {@code nonce} is still the last one received for the type (a reply to it is not stale). */
    boolean isLatest(XdsType type, String nonce);

    /** Requests {@code names} of a type (none: wildcard for CDS and LDS), holding {@code version}, if they changed. */
    void subscribe(XdsType type, Set<String> names, String version);

    /** Accepts the latest response of the type; {@code version} and {@code names} as it now holds them. */
    void ack(XdsType type, String version, Set<String> names);

    /** Rejects the latest response of the type with {@code message}, keeping {@code previousVersion}. */
    void nack(XdsType type, String previousVersion, Set<String> names, String message);

    void cancel(String reason);
}
