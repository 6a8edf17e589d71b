package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.VersionedResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The version string of one resource type: a hash of its resources' deterministic serialization. Equal
 * content gives an equal version across restarts, different content a different one, so a restarted control
 * plane never reuses a version for other content and unchanged types are not re-sent.
 */
final class ContentVersion {

    private static final int HEX_CHARS = 20;

    private ContentVersion() {
    }

    static String of(List<? extends Message> resources) {
        MessageDigest digest = sha256();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Message resource : resources) {
            bytes.reset();
            try {
                CodedOutputStream out = CodedOutputStream.newInstance(bytes);
                out.useDeterministicSerialization();
                out.writeMessageNoTag(resource);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            digest.update(resource.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
            digest.update(bytes.toByteArray());
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_CHARS);
    }

    /**
     * The version of a type built from resources whose own versions are content hashes: a hash of each one's name
     * and version, in order (as cheap as the number of resources, no serialization).
     */
    static String ofVersions(List<? extends VersionedResource<?>> resources) {
        MessageDigest digest = sha256();
        for (VersionedResource<?> resource : resources) {
            digest.update(Resources.getResourceName(resource.resource()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(resource.version().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_CHARS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
