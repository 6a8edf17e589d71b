package io.banyan.dataplane.config;

/**
 * {@link LeastRequest}'s knobs, as Envoy's: how many random endpoints to compare (2, "power of two
 * choices"), and how strongly active requests count against an endpoint's weight ({@code 0} ignores them).
 */
public record LeastRequestSettings(int choiceCount, double activeRequestBias) {

    public static final LeastRequestSettings DEFAULT = new LeastRequestSettings(2, 1.0);

    public LeastRequestSettings {
        if (choiceCount < 2 || choiceCount > 100) {
            throw new IllegalArgumentException("leastRequest.choiceCount: " + choiceCount + " (expected: 2..100)");
        }
        if (!(activeRequestBias >= 0 && activeRequestBias <= 10)) {
            throw new IllegalArgumentException("leastRequest.activeRequestBias: " + activeRequestBias
                    + " (expected: >= 0 and <= 10)");
        }
    }
}
