package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.AdminToken;
import io.banyan.adminserver.ApiException;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.IfMatch;

import java.nio.charset.StandardCharsets;

/**
 * A configuration write as a request asks for it (its author, its If-Match, whether it is a dry run), and the ETag
 * header of the answers.
 */
final class ConfigWrites {

    static final String ETAG = "ETag";
    static final String DRY_RUN = "dryRun";

    private ConfigWrites() {
    }

    /** Who writes ({@code anonymous} when the gate named nobody) and on what If-Match (400 when malformed). */
    static ConfigWrite of(AdminRequest request) {
        String author = request.principal() == null ? AdminToken.ANONYMOUS : request.principal();
        return new ConfigWrite(author, IfMatch.parse(request.ifMatch()));
    }

    /** Whether the request asks for a dry run: {@code ?dryRun=true}; 400 for a value other than true or false. */
    static boolean dryRun(AdminRequest request) {
        return flag(request, DRY_RUN);
    }

    /** Query parameter {@code name} as a flag: absent or {@code false}, or {@code true}; else 400 naming it. */
    static boolean flag(AdminRequest request, String name) {
        String value = request.queryParam(name).orElse("false");
        if (!value.equals("true") && !value.equals("false")) {
            String shown = value.length() <= 16 ? value : value.substring(0, 16) + "...";
            throw ApiException.badRequest(name, name + ": '" + shown + "' (expected: true or false)");
        }
        return value.equals("true");
    }

    /** The JSON text of an object a revision kept, as a request body. */
    static byte[] body(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code response} with {@code ETag: "<revision>"}. */
    static AdminResponse tagged(AdminResponse response, long revision) {
        return response.withHeader(ETAG, IfMatch.etag(revision));
    }
}
