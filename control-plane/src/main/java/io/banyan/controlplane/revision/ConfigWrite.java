package io.banyan.controlplane.revision;

import io.banyan.adminserver.AdminToken;

import java.util.Objects;

/** Who writes a configuration object (the revision's author) and on what condition ({@code If-Match}). */
public record ConfigWrite(String author, IfMatch ifMatch) {

    /** The author of writes made without a request (embedded callers, tests): the one admin token's name. */
    public static final String ADMIN = AdminToken.ADMIN;

    public ConfigWrite {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(ifMatch, "ifMatch");
    }

    /** A write by {@code author} without a precondition. */
    public static ConfigWrite by(String author) {
        return new ConfigWrite(author, IfMatch.NONE);
    }
}
