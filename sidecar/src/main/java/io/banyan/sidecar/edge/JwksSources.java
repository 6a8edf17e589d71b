package io.banyan.sidecar.edge;

import io.banyan.dataplane.config.JwtProviderSettings;
import io.banyan.primitives.time.Ticker;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Opens a provider's key source: its local file (polled every second) or its HTTPS URL (trusting {@code trust}: the
 * system CAs, or the gateway's configured CA file), all on one small executor that is never an event loop.
 */
public final class JwksSources implements Function<JwtProviderSettings, JwksSource> {

    static final Duration FILE_POLL = Duration.ofSeconds(1);
    /** How often an unknown key id may make the gateway fetch the issuer's keys again. */
    static final Duration UNKNOWN_KEY_INTERVAL = Duration.ofSeconds(30);

    private final ScheduledExecutorService executor;
    private final SSLContext trust;
    private final Ticker ticker;

    public JwksSources(ScheduledExecutorService executor, SSLContext trust, Ticker ticker) {
        this.executor = executor;
        this.trust = trust;
        this.ticker = ticker;
    }

    @Override
    public JwksSource apply(JwtProviderSettings provider) {
        if (provider.jwksFile() != null) {
            return new FileJwks(provider.jwksFile(), executor, FILE_POLL);
        }
        return new HttpsJwks(provider.jwksUri(), trust, provider.jwksRefresh(), UNKNOWN_KEY_INTERVAL, executor, ticker);
    }
}
