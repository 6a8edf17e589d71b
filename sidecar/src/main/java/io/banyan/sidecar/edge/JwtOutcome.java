package io.banyan.sidecar.edge;

import java.util.Map;

/** What checking one token gave. */
sealed interface JwtOutcome {

    /** A valid token: its subject (or {@code null}) and the claim headers to set for the upstream. */
    record Verified(String subject, Map<String, String> claimHeaders) implements JwtOutcome {
    }

    /** Not a valid token (malformed, bad signature, unknown key, wrong issuer, expired): 401 invalid_token. */
    record Invalid(String reason) implements JwtOutcome {
    }

    /** A valid token not meant for this route (its audience): 403. */
    record NotPermitted(String reason) implements JwtOutcome {
    }

    /** The issuer's keys are not loaded: the token cannot be checked, 503. */
    record KeysUnavailable() implements JwtOutcome {
    }
}
