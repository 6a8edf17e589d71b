package io.banyan.sidecar.tls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which of several server certificates a TLS client gets, by the name it sent (SNI): a certificate whose DNS names
 * hold that exact name, else one holding the wildcard of its parent ({@code *.example.com} for
 * {@code shop.example.com}, one label only, as browsers match), else the first certificate (also without SNI). Among
 * certificates naming the same name, the earlier wins. Immutable; a reload builds a new table.
 *
 * @param <C> what is chosen (an SSL context; anything in tests)
 */
public final class SniTable<C> {

    private final Map<String, C> byName;
    private final C defaultEntry;

    private SniTable(Map<String, C> byName, C defaultEntry) {
        this.byName = byName;
        this.defaultEntry = defaultEntry;
    }

    /** A table of {@code entries} in order, each with its DNS names; the first is the default. */
    public static <C> SniTable<C> of(List<Entry<C>> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("certificates: [] (expected: at least one)");
        }
        Map<String, C> byName = new LinkedHashMap<>();
        for (Entry<C> entry : entries) {
            for (String name : entry.dnsNames()) {
                byName.putIfAbsent(name.toLowerCase(Locale.ROOT), entry.value());
            }
        }
        return new SniTable<>(Map.copyOf(byName), entries.get(0).value());
    }

    /** The entry for {@code hostname} (null or empty: no SNI, the default). */
    public C select(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            return defaultEntry;
        }
        String name = hostname.toLowerCase(Locale.ROOT);
        C exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            C wildcard = byName.get("*" + name.substring(dot));
            if (wildcard != null) {
                return wildcard;
            }
        }
        return defaultEntry;
    }

    /** One certificate and the DNS names it serves. */
    public record Entry<C>(C value, List<String> dnsNames) {

        public Entry {
            Objects.requireNonNull(value, "value");
            dnsNames = List.copyOf(dnsNames);
        }
    }
}
