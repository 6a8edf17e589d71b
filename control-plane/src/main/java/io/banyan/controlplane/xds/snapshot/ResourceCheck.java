package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.banyan.dataplane.xds.ResourceDecoder;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the sidecars' own translators ({@link ResourceDecoder}) over one resource the control plane is about to
 * accept or publish: what they would NACK, the control plane refuses. The result is remembered per resource name
 * (type and name; a one-virtual-host route table also by its host, as the guard checks each service's host of
 * {@code outbound} alone) with a SHA-256 of the resource's content, never the resource itself: the same content
 * again (a resource every node shares) is not decoded again, a changed one is. Memory is one small entry (the
 * key, 32 bytes of digest, the errors) per distinct name ever checked, however many versions of it there were.
 * Thread-safe.
 */
public final class ResourceCheck {

    private final ResourceDecoder decoder = new ResourceDecoder();
    private final Map<Key, Checked> decoded = new ConcurrentHashMap<>();

    /** Why a sidecar would refuse {@code resource} (a Listener, RouteConfiguration, Cluster or ClusterLoadAssignment); empty when it would accept it. */
    public List<String> errors(Message resource) {
        Key key = Key.of(resource);
        ByteString digest = digest(resource);
        Checked known = decoded.get(key);
        if (known != null && known.digest().equals(digest)) {
            return known.errors();
        }
        List<String> errors = decode(List.of(Any.pack(resource)), resource);
        decoded.put(key, new Checked(digest, errors));
        return errors;
    }

    /** How many results are remembered (tests: one per name, however many versions). */
    int cached() {
        return decoded.size();
    }

    /** What a result is remembered under: the resource's type and name. */
    private record Key(String type, String name) {

        static Key of(Message resource) {
            String type = resource.getDescriptorForType().getFullName();
            if (resource instanceof Listener listener) {
                return new Key(type, listener.getName());
            }
            if (resource instanceof RouteConfiguration table) {
                return new Key(type, table.getVirtualHostsCount() == 1
                        ? table.getName() + "/" + table.getVirtualHosts(0).getName() : table.getName());
            }
            if (resource instanceof Cluster cluster) {
                return new Key(type, cluster.getName());
            }
            if (resource instanceof ClusterLoadAssignment assignment) {
                return new Key(type, assignment.getClusterName());
            }
            throw new IllegalArgumentException("resource: " + type
                    + " (expected: a Listener, RouteConfiguration, Cluster or ClusterLoadAssignment)");
        }
    }

    /** The decode result of the content with this digest. */
    private record Checked(ByteString digest, List<String> errors) {

        Checked {
            errors = List.copyOf(errors);
        }
    }

    /** SHA-256 of the deterministic serialization (map entries in key order), so equal content has equal digests. */
    private static ByteString digest(Message resource) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(resource.getSerializedSize());
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            resource.writeTo(out);
            out.flush();
            return ByteString.copyFrom(sha256.digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot digest " + resource.getDescriptorForType().getFullName(), e);
        }
    }

    private List<String> decode(List<Any> one, Message resource) {
        if (resource instanceof Listener) {
            return decoder.listeners(one).errors();
        }
        if (resource instanceof RouteConfiguration) {
            return decoder.routes(one).errors();
        }
        if (resource instanceof Cluster) {
            return decoder.clusters(one).errors();
        }
        return decoder.endpoints(one).errors(); // a ClusterLoadAssignment: Key.of refused any other type
    }
}
