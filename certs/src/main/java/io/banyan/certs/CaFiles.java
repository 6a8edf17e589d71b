package io.banyan.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.time.Clock;

/**
 * A certificate authority on disk: {@code ca.crt} (its certificate), {@code ca.key} (PKCS#8, owner-only),
 * {@code chain.pem} (its certificate then its issuers up to the root) and {@code root.crt} (the trust anchor).
 */
public final class CaFiles {

    public static final String CERTIFICATE = "ca.crt";
    public static final String KEY = "ca.key";
    public static final String CHAIN = "chain.pem";
    public static final String ROOT = "root.crt";

    private CaFiles() {
    }

    public static void save(CertificateAuthority ca, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CERTIFICATE), Pem.writeCertificate(ca.certificate()));
        Files.writeString(dir.resolve(CHAIN), Pem.writeCertificates(ca.chain()));
        Files.writeString(dir.resolve(ROOT), Pem.writeCertificate(ca.root()));
        writePrivate(dir.resolve(KEY), Pem.writePrivateKey(ca.privateKey()));
    }

    public static CertificateAuthority load(Path dir, Clock clock) throws IOException {
        Path chain = dir.resolve(CHAIN);
        Path key = dir.resolve(KEY);
        for (Path file : new Path[] {chain, key}) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("ca: " + file + " not readable (expected: a directory made by 'certs init-ca')");
            }
        }
        PrivateKey privateKey = Pem.readPrivateKey(Files.readString(key));
        return CertificateAuthority.of(Pem.readCertificates(Files.readString(chain)), privateKey, clock);
    }

    /** Writes a secret readable by its owner only (where the file system has POSIX permissions). */
    public static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text);
    }
}
