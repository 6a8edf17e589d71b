package io.banyan.controlplane.token;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.store.Store;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinTokensTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();

    @Test
    void issuedTokenVerifiesForItsServiceAndSurvivesRestart() throws Exception {
        IssuedToken issued;
        try (Store store = Store.open(dir)) {
            JoinTokens tokens = new JoinTokens(store, clock, new SecureRandom());
            issued = tokens.issue("orders", null);
            assertThat(issued.token()).matches("[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
            assertThat(issued.token()).startsWith(issued.id() + ".");
            assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
            assertThat(tokens.verify(issued.token())).isEqualTo("orders");
            assertThat(tokens.list()).singleElement().satisfies(t -> {
                assertThat(t.id()).isEqualTo(issued.id());
                assertThat(t.service()).isEqualTo("orders");
            });
        }
        String secret = issued.token().substring(issued.token().indexOf('.') + 1);
        assertThat(new String(Files.readAllBytes(dir.resolve(Store.FILE_NAME)), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the secret is never stored").doesNotContain(secret);
        try (Store store = Store.open(dir)) {
            JoinTokens tokens = new JoinTokens(store, clock, new SecureRandom());
            assertThat(tokens.verify(issued.token())).isEqualTo("orders");
            assertThat(tokens.verify(issued.token() + "." + "0a".repeat(32))).as("a CA pin is checked only when we have a CA")
                    .isEqualTo("orders");
            assertRejected(tokens, issued.token() + ".reserved-extension", TokenRejectedException.Reason.MALFORMED);
        }
    }

    @Test
    void tokensPinTheCaAndATokenPinningAnotherCaIsRefused() {
        String ours = "ab".repeat(32);
        try (Store store = Store.open(dir)) {
            JoinTokens tokens = new JoinTokens(store, clock, new SecureRandom(), ours);
            IssuedToken issued = tokens.issue("orders", null);
            assertThat(issued.token()).matches("[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}\\." + ours);
            assertThat(issued.caFingerprint()).isEqualTo(ours);
            assertThat(tokens.verify(issued.token())).isEqualTo("orders");
            String withoutPin = issued.token().substring(0, issued.token().lastIndexOf('.'));
            assertThat(tokens.verify(withoutPin)).isEqualTo("orders");
            assertThat(tokens.verify(withoutPin + "." + ours.toUpperCase(java.util.Locale.ROOT))).isEqualTo("orders");
            assertThatThrownBy(() -> tokens.verify(withoutPin + "." + "cd".repeat(32)))
                    .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.WRONG_CA);
                        assertThat(e.getMessage()).contains("pins CA " + "cd".repeat(32)).contains(ours);
                    });
            assertThatThrownBy(() -> new JoinTokens(store, clock, new SecureRandom(), "nope"))
                    .hasMessageContaining("caFingerprint: 'nope'");
        }
    }

    @Test
    void expiredRevokedUnknownAndMalformedAreRefused() {
        try (Store store = Store.open(dir)) {
            JoinTokens tokens = new JoinTokens(store, clock, new SecureRandom());
            IssuedToken shortLived = tokens.issue("orders", 60L);
            IssuedToken revoked = tokens.issue("orders", null);
            assertThat(tokens.revoke(revoked.id())).isTrue();
            assertThat(tokens.revoke(revoked.id())).isFalse();
            assertThat(tokens.list()).extracting(JoinToken::id).containsExactly(shortLived.id());
            assertRejected(tokens, revoked.token(), TokenRejectedException.Reason.REVOKED);

            clock.advance(Duration.ofSeconds(59));
            assertThat(tokens.verify(shortLived.token())).isEqualTo("orders");
            clock.advance(Duration.ofSeconds(1));
            assertRejected(tokens, shortLived.token(), TokenRejectedException.Reason.EXPIRED);

            String wrongSecret = shortLived.id() + "." + "A".repeat(43);
            assertRejected(tokens, wrongSecret, TokenRejectedException.Reason.UNKNOWN);
            assertRejected(tokens, "0123456789abcdef." + "A".repeat(43), TokenRejectedException.Reason.UNKNOWN);
            assertRejected(tokens, "garbage", TokenRejectedException.Reason.MALFORMED);
            assertRejected(tokens, null, TokenRejectedException.Reason.MALFORMED);
        }
    }

    @Test
    void issueValidatesItsInput() {
        try (Store store = Store.open(dir)) {
            JoinTokens tokens = new JoinTokens(store, clock, new SecureRandom());
            assertThatThrownBy(() -> tokens.issue("Not_A_Label", null))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("service"));
            assertThatThrownBy(() -> tokens.issue("orders", 0L))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("ttlSeconds"))
                    .hasMessageStartingWith("ttlSeconds: 0 (expected: 1..");
        }
    }

    private static void assertRejected(JoinTokens tokens, String text, TokenRejectedException.Reason reason) {
        assertThatThrownBy(() -> tokens.verify(text))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
