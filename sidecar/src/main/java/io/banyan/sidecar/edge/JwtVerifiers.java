package io.banyan.sidecar.edge;

import io.banyan.dataplane.config.JwtProviderSettings;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One verifier (and one key source) per JWT provider, kept across configs so keys are not fetched again for every
 * update; {@link #retain} closes the sources of providers no config names any more.
 */
public final class JwtVerifiers implements AutoCloseable {

    private final Function<JwtProviderSettings, JwksSource> sources;
    private final Clock clock;
    private final Map<JwtProviderSettings, Entry> verifiers = new ConcurrentHashMap<>();

    /** @param sources opens the key source of a provider; @param clock the wall clock of exp/nbf */
    public JwtVerifiers(Function<JwtProviderSettings, JwksSource> sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
    }

    JwtVerifier of(JwtProviderSettings provider) {
        return verifiers.computeIfAbsent(provider, p -> {
            JwksSource source = sources.apply(p);
            return new Entry(new JwtVerifier(p, source, clock), source);
        }).verifier();
    }

    /** Keeps the verifiers of {@code live} providers and closes the others' key sources. */
    public void retain(Collection<JwtProviderSettings> live) {
        verifiers.entrySet().removeIf(entry -> {
            if (live.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().source().close();
            return true;
        });
    }

    @Override
    public void close() {
        retain(java.util.List.of());
    }

    private record Entry(JwtVerifier verifier, JwksSource source) {
    }
}
