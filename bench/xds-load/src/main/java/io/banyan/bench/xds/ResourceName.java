package io.banyan.bench.xds;

import com.google.protobuf.Any;
import com.google.protobuf.CodedInputStream;

import java.io.IOException;

/**
 * The name of an xDS resource without parsing the whole message: field 1 is the name of a Listener, Cluster and
 * RouteConfiguration, and the {@code cluster_name} of a ClusterLoadAssignment. State-of-the-world responses carry
 * hundreds of resources per push; a generator that parsed each one would measure itself.
 */
public final class ResourceName {

    /** Field 1, length-delimited: {@code (1 << 3) | 2}. */
    private static final int NAME_TAG = (1 << 3) | 2;

    private ResourceName() {
    }

    public static String of(Any resource) {
        try {
            CodedInputStream input = resource.getValue().newCodedInput();
            int tag;
            while ((tag = input.readTag()) != 0) {
                if (tag == NAME_TAG) {
                    return input.readStringRequireUtf8();
                }
                input.skipField(tag);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("resource of " + resource.getTypeUrl() + ": not a message ("
                    + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException("resource of " + resource.getTypeUrl() + ": no name (field 1)");
    }
}
