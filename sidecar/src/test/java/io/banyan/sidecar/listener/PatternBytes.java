package io.banyan.sidecar.listener;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A deterministic byte stream of a given size, so both ends of a transfer can hash the same content. */
final class PatternBytes extends InputStream {

    private final long size;
    private long position;

    PatternBytes(long size) {
        this.size = size;
    }

    static byte at(long index) {
        return (byte) ((index * 2654435761L) >>> 11);
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }

    @Override
    public int read() {
        return position < size ? at(position++) & 0xFF : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(length, size - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = at(position++);
        }
        return n;
    }

    static String sha256(long size) throws Exception {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (PatternBytes in = new PatternBytes(size)) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
