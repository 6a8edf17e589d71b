package io.banyan.controlplane.route.edge;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a per-client rate limit counts by. */
public enum ClientKey {
    /** The name of the request's API key (needs {@code auth.apiKey}). */
    @JsonProperty("apiKey") API_KEY,
    /** The {@code sub} claim of the request's verified JWT (needs a required {@code auth.jwt}). */
    @JsonProperty("jwtSubject") JWT_SUBJECT,
    /** The address of the client's connection to the gateway (not {@code x-forwarded-for}, which clients write). */
    @JsonProperty("clientIp") CLIENT_IP
}
