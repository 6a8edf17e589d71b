package io.banyan.dataplane.config;

import java.math.BigInteger;

/** Lookup-table size of {@link Maglev}: a prime, 65537 by default as in Envoy. */
public record MaglevSettings(int tableSize) {

    public static final int MAX_TABLE_SIZE = 5_000_011;
    public static final MaglevSettings DEFAULT = new MaglevSettings(65537);

    public MaglevSettings {
        if (tableSize < 2 || tableSize > MAX_TABLE_SIZE || !BigInteger.valueOf(tableSize).isProbablePrime(30)) {
            throw new IllegalArgumentException("maglev.tableSize: " + tableSize
                    + " (expected: a prime in 2.." + MAX_TABLE_SIZE + ")");
        }
    }
}
