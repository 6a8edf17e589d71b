package io.banyan.controlplane.token;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Issues, lists, revokes and verifies join tokens. A token is valid for one service until it
 * expires or is revoked. Only the SHA-256 hash of its secret is stored; verification compares hashes
 * in constant time. Revoked tokens stay in the store (so verification can say "revoked") but are not listed.
 */
public final class JoinTokens {

    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    public static final long MAX_TTL_SECONDS = 365L * 24 * 3600;

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final String caFingerprint;
    private final Set<String> trustedFingerprints;

    /** Tokens that pin no CA. */
    public JoinTokens(Store store, Clock clock, SecureRandom random) {
        this(store, clock, random, null);
    }

    /**
     * Tokens that pin the CA whose root has {@code caFingerprint} (lower-case hex SHA-256 of its DER): issued
     * tokens carry it as third part, and a presented token pinning another CA is rejected.
     */
    public JoinTokens(Store store, Clock clock, SecureRandom random, String caFingerprint) {
        this(store, clock, random, caFingerprint, caFingerprint == null ? Set.of() : Set.of(caFingerprint));
    }

    /**
     * As above, and a presented token may pin any root of the trust bundle ({@code trustedFingerprints}):
     * while a root is rotated, tokens issued under the previous root keep working.
     */
    public JoinTokens(Store store, Clock clock, SecureRandom random, String caFingerprint,
                      Set<String> trustedFingerprints) {
        this.trustedFingerprints = Set.copyOf(trustedFingerprints);
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (caFingerprint != null && !caFingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("caFingerprint: '" + caFingerprint + "' (expected: 64 lower-case hex digits)");
        }
        this.caFingerprint = caFingerprint;
    }

    /** The fingerprint of the root CA tokens pin, or null. */
    public String caFingerprint() {
        return caFingerprint;
    }

    /**
     * Issues a token for {@code service}, valid for {@code ttlSeconds} (null: 24 hours).
     *
     * @throws InvalidFieldException naming {@code service} or {@code ttlSeconds}
     */
    public IssuedToken issue(String service, Long ttlSeconds) {
        InvalidFieldException.serviceName("service", service);
        if (ttlSeconds != null && (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS)) {
            throw new InvalidFieldException("ttlSeconds", "ttlSeconds: " + ttlSeconds
                    + " (expected: 1.." + MAX_TTL_SECONDS + ", default " + DEFAULT_TTL.toSeconds() + ")");
        }
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        TokenText text = new TokenText(HexFormat.of().formatHex(idBytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes), caFingerprint);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttlSeconds == null ? DEFAULT_TTL : Duration.ofSeconds(ttlSeconds));
        store.tokens().put(text.id(), new StoredToken(text.id(), service, TokenText.sha256Hex(text.secret()),
                now, expiresAt, null));
        return new IssuedToken(text.id(), text.text(), service, expiresAt, caFingerprint);
    }

    /** Tokens not revoked (expired ones included, until revoked), oldest first. */
    public List<JoinToken> list() {
        return store.tokens().values().stream()
                .filter(t -> t.revokedAt() == null)
                .sorted(Comparator.comparing(StoredToken::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(StoredToken::id))
                .map(t -> new JoinToken(t.id(), t.service(), t.createdAt(), t.expiresAt()))
                .toList();
    }

    /** Revokes a token; returns false if the id is unknown or already revoked. */
    public boolean revoke(String id) {
        StoredToken token = store.tokens().get(id).orElse(null);
        if (token == null || token.revokedAt() != null) {
            return false;
        }
        store.tokens().put(id, token.revoked(clock.instant()));
        return true;
    }

    /**
     * Returns the service {@code tokenText} is valid for.
     *
     * @throws TokenRejectedException if it is malformed, pins another CA, unknown, revoked or expired
     */
    public String verify(String tokenText) {
        TokenText text = TokenText.parse(tokenText);
        if (text.caFingerprint() != null && caFingerprint != null && !trustedFingerprints.contains(text.caFingerprint())) {
            throw new TokenRejectedException(TokenRejectedException.Reason.WRONG_CA, "token " + text.id()
                    + ": pins CA " + text.caFingerprint() + " (expected: a root of this control plane's trust bundle, "
                    + "signing with " + caFingerprint + "; the token was issued by another control plane)");
        }
        StoredToken token = store.tokens().get(text.id()).orElse(null);
        byte[] presented = TokenText.sha256Hex(text.secret()).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = token == null ? new byte[presented.length] : token.secretSha256().getBytes(StandardCharsets.US_ASCII);
        boolean match = MessageDigest.isEqual(presented, expected);
        if (token == null || !match) {
            throw new TokenRejectedException(TokenRejectedException.Reason.UNKNOWN, "token: unknown");
        }
        if (token.revokedAt() != null) {
            throw new TokenRejectedException(TokenRejectedException.Reason.REVOKED, "token " + token.id() + ": revoked");
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            throw new TokenRejectedException(TokenRejectedException.Reason.EXPIRED,
                    "token " + token.id() + ": expired at " + token.expiresAt());
        }
        return token.service();
    }
}
