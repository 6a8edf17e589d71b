package io.banyan.sidecar.datadir;

import java.util.Objects;

/**
 * The workload identity as PEM text: the private key, the certificate chain (leaf first) and the trust bundle. The
 * identity package checks it (key matches, id, validity) before it is used.
 */
public record SavedIdentity(String privateKeyPem, String chainPem, String trustBundlePem) {

    public SavedIdentity {
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(chainPem, "chainPem");
        Objects.requireNonNull(trustBundlePem, "trustBundlePem");
    }

    @Override
    public String toString() { // never the key
        return "SavedIdentity[key, chain " + chainPem.length() + " chars, bundle " + trustBundlePem.length()
                + " chars]";
    }
}
