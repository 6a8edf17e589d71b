package io.banyan.api.registration;

/** The id the registry gave the instance; heartbeats and deregistration name it. */
public record RegisterResponse(String id, int ttlSeconds) {
}
