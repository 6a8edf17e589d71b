package io.banyan.sidecar.tls;

import java.time.Duration;
import java.time.Instant;

/**
 * When to renew: at {@code fraction} of the certificate's lifetime (half-life by default), spread by
 * +/- {@code jitter} of the lifetime so that sidecars started together do not renew in step.
 *
 * @param fraction of the lifetime after notBefore, in (0, 1)
 * @param jitter   fraction of the lifetime, in [0, min(fraction, 1 - fraction))
 */
public record RenewalPolicy(double fraction, double jitter) {

    public static final RenewalPolicy DEFAULT = new RenewalPolicy(0.5, 0.05);

    public RenewalPolicy {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction: " + fraction + " (expected: > 0 and < 1)");
        }
        if (!(jitter >= 0 && jitter < Math.min(fraction, 1 - fraction))) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: >= 0 and < "
                    + Math.min(fraction, 1 - fraction) + ")");
        }
    }

    /** The renewal instant for a certificate valid from {@code notBefore} to {@code notAfter}; {@code random} in [0, 1). */
    public Instant renewAt(Instant notBefore, Instant notAfter, double random) {
        long lifetimeMillis = Duration.between(notBefore, notAfter).toMillis();
        double share = fraction + jitter * (2 * random - 1);
        return notBefore.plusMillis(Math.round(lifetimeMillis * share));
    }
}
