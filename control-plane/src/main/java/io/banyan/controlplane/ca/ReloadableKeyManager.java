package io.banyan.controlplane.ca;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server key manager whose key and certificate chain can be swapped while the server runs: every new
 * handshake gets the current one. Each swap gets a new alias, so TLS engines that cache key material
 * by alias pick the new one up too.
 */
public final class ReloadableKeyManager extends X509ExtendedKeyManager {

    /** One key and the chain presented with it (leaf first). */
    public record KeyMaterial(String alias, PrivateKey key, List<X509Certificate> chain) {

        public KeyMaterial {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("chain: empty (expected: the leaf, then its issuers)");
            }
        }
    }

    private final AtomicReference<KeyMaterial> current = new AtomicReference<>();

    public void update(KeyMaterial material) {
        current.set(Objects.requireNonNull(material, "material"));
    }

    /** The material new handshakes get, or null before the first {@link #update}. */
    public KeyMaterial current() {
        return current.get();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyMaterial material = current.get();
        return material != null && material.alias().equals(alias)
                ? material.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyMaterial material = current.get();
        return material != null && material.alias().equals(alias) ? material.key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private String alias(String keyType) {
        KeyMaterial material = current.get();
        if (material == null) {
            return null;
        }
        return keyType == null || keyType.startsWith("EC") || keyType.equals(material.key().getAlgorithm())
                ? material.alias() : null;
    }
}
