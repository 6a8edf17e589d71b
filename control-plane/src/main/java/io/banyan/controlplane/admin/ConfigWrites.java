package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.AdminToken;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.IfMatch;

/** A configuration write as a request asks for it (its author, its If-Match), and the ETag header of the answers. */
final class ConfigWrites {

    static final String ETAG = "ETag";

    private ConfigWrites() {
    }

    /** Who writes ({@code anonymous} when the gate named nobody) and on what If-Match (400 when malformed). */
    static ConfigWrite of(AdminRequest request) {
        String author = request.principal() == null ? AdminToken.ANONYMOUS : request.principal();
        return new ConfigWrite(author, IfMatch.parse(request.ifMatch()));
    }

    /** {@code response} with {@code ETag: "<revision>"}. */
    static AdminResponse tagged(AdminResponse response, long revision) {
        return response.withHeader(ETAG, IfMatch.etag(revision));
    }
}
