package io.banyan.api.registration;

/** The empty answer to a heartbeat or a deregistration. */
public record Ack() {
}
