package io.banyan.sidecar.edge;

import io.banyan.api.xds.ApiKeyHash;
import io.banyan.dataplane.config.ApiKeySettings;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A route's API keys: the SHA-256 of a presented key is compared with every stored hash in constant time (all of them,
 * whatever matched), so neither the key nor which entry matched shows in the timing.
 */
final class ApiKeyMatcher {

    private static final int MAX_KEY_LENGTH = 1024;

    private final List<byte[]> hashes;
    private final List<String> clients;

    ApiKeyMatcher(ApiKeySettings settings) {
        this.hashes = settings.credentials().stream().map(c -> HexFormat.of().parseHex(c.sha256())).toList();
        this.clients = settings.credentials().stream().map(ApiKeySettings.Credential::client).toList();
    }

    /** The client name of {@code presented}, or {@code null} when it is no key of this route. */
    String client(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_KEY_LENGTH) {
            return null;
        }
        byte[] hash = ApiKeyHash.of(presented);
        String client = null;
        for (int i = 0; i < hashes.size(); i++) {
            if (MessageDigest.isEqual(hash, hashes.get(i)) && client == null) {
                client = clients.get(i);
            }
        }
        return client;
    }
}
