package io.banyan.sidecar.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presents the current workload certificate as TLS client certificate (to the control plane), or none before the
 * first one. Reloadable: each handshake picks the identity current then. The alias names the certificate, so a
 * rotation between choosing and reading never mixes one identity's key with another's chain.
 */
public final class WorkloadKeyManager extends X509ExtendedKeyManager implements IdentityListener {

    private static final int KEEP = 2;

    private final Map<String, WorkloadIdentity> byAlias = new ConcurrentHashMap<>();
    private volatile String currentAlias;

    @Override
    public synchronized void onIdentity(WorkloadIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        String alias = "workload-" + identity.serial().toString(16);
        byAlias.put(alias, identity);
        String previous = currentAlias;
        currentAlias = alias;
        if (byAlias.size() > KEEP) {
            byAlias.keySet().removeIf(name -> !name.equals(alias) && !name.equals(previous));
        }
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return currentAlias;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return currentAlias;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = currentAlias;
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        WorkloadIdentity identity = alias == null ? null : byAlias.get(alias);
        return identity == null ? null : identity.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        WorkloadIdentity identity = alias == null ? null : byAlias.get(alias);
        return identity == null ? null : identity.privateKey();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
