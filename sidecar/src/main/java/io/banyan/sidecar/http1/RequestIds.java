package io.banyan.sidecar.http1;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Makes {@code x-request-id} values: random (version 4) UUIDs from the thread's own generator, so no lock is taken. */
final class RequestIds {

    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
