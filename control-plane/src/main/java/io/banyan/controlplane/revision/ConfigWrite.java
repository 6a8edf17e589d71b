package io.banyan.controlplane.revision;

import io.banyan.adminserver.AdminToken;

import java.util.Objects;

/**
 * Who writes a configuration object (the revision's author), on what condition ({@code If-Match}), and the revision
 * the write reverts (null for an ordinary write).
 */
public record ConfigWrite(String author, IfMatch ifMatch, Long revertOf) {

    /** The author of writes made without a request (embedded callers, tests): the one admin token's name. */
    public static final String ADMIN = AdminToken.ADMIN;

    public ConfigWrite {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(ifMatch, "ifMatch");
    }

    /** An ordinary write by {@code author} on {@code ifMatch}. */
    public ConfigWrite(String author, IfMatch ifMatch) {
        this(author, ifMatch, null);
    }

    /** Throws {@link StaleETagException} (412) unless this write's If-Match allows an object whose ETag is {@code current}. */
    public void check(long current) {
        if (!ifMatch.allows(current)) {
            throw new StaleETagException(ifMatch, current);
        }
    }

    /** A write by {@code author} without a precondition. */
    public static ConfigWrite by(String author) {
        return new ConfigWrite(author, IfMatch.NONE);
    }
}
