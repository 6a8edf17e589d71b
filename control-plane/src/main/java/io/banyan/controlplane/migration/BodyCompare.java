package io.banyan.controlplane.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** How the bodies of the live and the shadow answer are compared. */
public enum BodyCompare {
    /** Byte for byte. */
    @JsonProperty("exact") EXACT,
    /** As JSON values, leaving out the ignored paths. */
    @JsonProperty("json") JSON,
    /** Not at all. */
    @JsonProperty("none") NONE;

    /** The JSON name ({@code exact}, {@code json}, {@code none}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
