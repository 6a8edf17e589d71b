package io.banyan.sidecar.loadbalance;

import java.nio.charset.StandardCharsets;

/** XXH64, the 64-bit xxHash Envoy uses for ring hash and Maglev, over bytes or the UTF-8 of a string. */
public final class XxHash64 {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private XxHash64() {
    }

    public static long hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    public static long hash(String text, long seed) {
        return hash(text.getBytes(StandardCharsets.UTF_8), seed);
    }

    public static long hash(byte[] bytes, long seed) {
        int length = bytes.length;
        int i = 0;
        long h;
        if (length >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            for (; i <= length - 32; i += 32) {
                v1 = round(v1, longAt(bytes, i));
                v2 = round(v2, longAt(bytes, i + 8));
                v3 = round(v3, longAt(bytes, i + 16));
                v4 = round(v4, longAt(bytes, i + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = seed + P5;
        }
        h += length;
        for (; i + 8 <= length; i += 8) {
            h ^= round(0, longAt(bytes, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i + 4 <= length) {
            h ^= (intAt(bytes, i) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        for (; i < length; i++) {
            h ^= (bytes[i] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long acc, long value) {
        return (acc ^ round(0, value)) * P1 + P4;
    }

    private static long longAt(byte[] b, int i) {
        return (intAt(b, i) & 0xFFFFFFFFL) | ((long) intAt(b, i + 4) << 32);
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
