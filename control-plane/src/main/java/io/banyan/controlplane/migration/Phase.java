package io.banyan.controlplane.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a migration is: what its route does and what may happen next. */
public enum Phase {
    /** Weight 0: every request to {@code from}, a share copied to {@code to}. */
    @JsonProperty("shadowing") SHADOWING("shadowing"),
    /** Weight above 0: requests split between both. */
    @JsonProperty("shifting") SHIFTING("shifting"),
    /** Held at its weight by an operator; the guard still watches. */
    @JsonProperty("paused") PAUSED("paused"),
    /** Weight 0, no shadow, until an operator acts. */
    @JsonProperty("rolled-back") ROLLED_BACK("rolled-back"),
    /** Done: a permanent operator route sends everything to {@code to}. */
    @JsonProperty("complete") COMPLETE("complete");

    private final String wireName;

    Phase(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the migration owns its route and its clusters now: shadowing, shifting or paused. */
    public boolean live() {
        return this == SHADOWING || this == SHIFTING || this == PAUSED;
    }

    /** The moving phase of a weight: shadowing at 0, else shifting. */
    static Phase of(int weight) {
        return weight == 0 ? SHADOWING : SHIFTING;
    }
}
