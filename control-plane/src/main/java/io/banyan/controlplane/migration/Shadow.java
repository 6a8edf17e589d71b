package io.banyan.controlplane.migration;

/** The share of the matching requests copied to the new side while the weight is 0: {@code 0 < percent <= 100}. */
public record Shadow(double percent) {

    public Shadow {
        if (!(percent > 0 && percent <= 100)) {
            throw Fields.invalid("shadow.percent", Fields.plain(percent) + " (expected: > 0 and <= 100)");
        }
    }

    /** The share as parts per million (Envoy's runtime fraction with denominator MILLION). */
    public int perMillion() {
        return (int) Math.round(percent * 10_000);
    }
}
