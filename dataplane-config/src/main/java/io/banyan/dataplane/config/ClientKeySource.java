package io.banyan.dataplane.config;

/** What a per-client rate limit counts by. */
public enum ClientKeySource {
    /** The name of the request's verified API key. */
    API_KEY,
    /** The {@code sub} claim of the request's verified JWT. */
    JWT_SUBJECT,
    /** The address of the client's connection. */
    CLIENT_IP
}
