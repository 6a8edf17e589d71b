package io.banyan.testkit.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;

/** A deterministic stream of pseudo-random bytes: both ends of a transfer can produce or hash it. */
public final class SeededBytes {

    private static final long SEED = 0xBA11A11L;

    private SeededBytes() {
    }

    public static void write(OutputStream out, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] chunk = new byte[64 * 1024];
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(chunk.length, left);
            random.nextBytes(chunk);
            out.write(chunk, 0, n);
            left -= n;
        }
    }

    /** An InputStream of {@code size} seeded bytes, produced on demand (never held whole). */
    public static InputStream stream(long size) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(SEED);
            private final byte[] chunk = new byte[64 * 1024];
            private int position = chunk.length;
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                if (position == chunk.length) {
                    random.nextBytes(chunk);
                    position = 0;
                }
                int n = (int) Math.min(Math.min(length, chunk.length - position), left);
                System.arraycopy(chunk, position, buffer, offset, n);
                position += n;
                left -= n;
                return n;
            }
        };
    }

    public static String sha256(long size) throws IOException {
        return AppUpstream.sha256(stream(size));
    }

}
