package io.banyan.sidecar.tls;

import io.banyan.certs.Pem;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * An edge gateway's TLS toward clients outside the mesh: several certificate and key files, the one a client gets
 * chosen by SNI ({@link SniTable}: exact DNS name, then wildcard, else the first pair). TLS 1.3 and 1.2, ALPN h2 and
 * http/1.1 ({@link SslContexts#edgeServer}). {@link #reloadIfChanged()}, called on a scheduler off the event loops,
 * re-reads a pair whose files changed (modification time or size); a pair that does not load keeps the one that
 * served until then, and the failure is logged and counted: the listener never breaks. {@link #map} is asked per
 * handshake, on an event loop, and only reads the current table.
 */
public final class EdgeTls implements Mapping<String, SslContext> {

    private static final Logger log = LoggerFactory.getLogger(EdgeTls.class);
    private static final int DNS_NAME = 2;

    private final SslContexts contexts;
    private final List<Loaded> loaded;
    private final Counter reloaded;
    private final Counter failed;
    private volatile SniTable<SslContext> table;

    private EdgeTls(SslContexts contexts, List<Loaded> loaded, MeterRegistry registry) {
        this.contexts = contexts;
        this.loaded = loaded;
        this.reloaded = Counter.builder(MetricNames.EDGE_CERTIFICATE_RELOADS).tag("result", "success")
                .register(registry);
        this.failed = Counter.builder(MetricNames.EDGE_CERTIFICATE_RELOADS).tag("result", "failure")
                .register(registry);
        this.table = table(loaded);
    }

    /**
     * Loads every pair now: a file that cannot be read, a key that does not match its certificate or a certificate
     * without DNS names fails, naming the pair.
     *
     * @throws IllegalArgumentException naming the pair and what is wrong
     */
    public static EdgeTls load(List<CertificateFiles> files, SslContexts contexts, MeterRegistry registry) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("tls-cert: none (expected: at least one certificate and key pair)");
        }
        List<Loaded> loaded = new ArrayList<>();
        for (CertificateFiles pair : files) {
            loaded.add(Loaded.read(pair, contexts));
        }
        return new EdgeTls(contexts, loaded, registry);
    }

    /** Reads every pair as {@link #load} does, without serving: the launcher's {@code --check}. */
    public static void check(List<CertificateFiles> files, SslContexts contexts) {
        for (CertificateFiles pair : files) {
            Loaded.read(pair, contexts);
        }
    }

    /** The context for the client's SNI name (null: none sent). */
    @Override
    public SslContext map(String hostname) {
        return table.select(hostname);
    }

    /** Re-reads the pairs whose files changed since they were last read; returns how many now serve anew. */
    public synchronized int reloadIfChanged() {
        int changed = 0;
        for (int i = 0; i < loaded.size(); i++) {
            Loaded current = loaded.get(i);
            Stamp now = Stamp.of(current.files);
            if (now.equals(current.stamp) || now.equals(current.failedStamp)) {
                continue;
            }
            try {
                loaded.set(i, Loaded.read(current.files, contexts));
                reloaded.increment();
                changed++;
                log.info("edge certificate {} reloaded", current.files);
            } catch (IllegalArgumentException e) {
                loaded.set(i, current.failedAt(now));
                failed.increment();
                log.warn("edge certificate {} changed but does not load; the previous one still serves: {}",
                        current.files, e.getMessage());
            }
        }
        if (changed > 0) {
            table = table(loaded);
        }
        return changed;
    }

    private static SniTable<SslContext> table(Collection<Loaded> pairs) {
        return SniTable.of(pairs.stream().map(pair -> new SniTable.Entry<>(pair.context, pair.dnsNames)).toList());
    }

    /** A pair as last read: its context and names, the files' stamp then, and the stamp of a change that failed. */
    private record Loaded(CertificateFiles files, SslContext context, List<String> dnsNames, Stamp stamp,
                          Stamp failedStamp) {

        static Loaded read(CertificateFiles files, SslContexts contexts) {
            Stamp stamp = Stamp.of(files);
            List<X509Certificate> chain;
            PrivateKey key;
            try {
                chain = Pem.readCertificates(Files.readString(files.certificate()));
                key = Pem.readPrivateKey(Files.readString(files.key()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("tls-cert: '" + files + "': " + message(e)
                        + " (expected: a PEM certificate chain and its PEM PKCS#8 private key)", e);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("tls-cert: '" + files.certificate()
                        + "': no certificate (expected: a PEM certificate chain, leaf first)");
            }
            List<String> names = dnsNames(chain.get(0), files);
            SslContext context;
            try {
                context = contexts.edgeServer(key, chain);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("tls-cert: '" + files + "': " + message(e)
                        + " (expected: a private key matching the certificate)", e);
            }
            return new Loaded(files, context, names, stamp, null);
        }

        Loaded failedAt(Stamp stamp) {
            return new Loaded(files, context, dnsNames, this.stamp, stamp);
        }

        private static List<String> dnsNames(X509Certificate leaf, CertificateFiles files) {
            List<String> names = new ArrayList<>();
            try {
                Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
                if (alternatives != null) {
                    for (List<?> name : alternatives) {
                        if (Objects.equals(name.get(0), DNS_NAME)) {
                            names.add(String.valueOf(name.get(1)));
                        }
                    }
                }
            } catch (CertificateParsingException e) {
                throw new IllegalArgumentException("tls-cert: '" + files.certificate() + "': " + e.getMessage()
                        + " (expected: a certificate with DNS subject alternative names)", e);
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("tls-cert: '" + files.certificate()
                        + "': no DNS name (expected: a certificate with DNS subject alternative names)");
            }
            return List.copyOf(names);
        }

        private static String message(Exception e) {
            if (e instanceof NoSuchFileException missing) {
                return "no such file " + missing.getFile();
            }
            if (e instanceof AccessDeniedException denied) {
                return "not readable " + denied.getFile();
            }
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** What tells a changed file: its modification time and size, for both files (-1 when unreadable). */
    private record Stamp(long certificateModified, long certificateSize, long keyModified, long keySize) {

        static Stamp of(CertificateFiles files) {
            return new Stamp(modified(files.certificate()), size(files.certificate()), modified(files.key()),
                    size(files.key()));
        }

        private static long modified(Path file) {
            try {
                return Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                return -1;
            }
        }

        private static long size(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
