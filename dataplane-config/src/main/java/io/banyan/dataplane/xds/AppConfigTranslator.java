package io.banyan.dataplane.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.banyan.api.xds.ResourceNames;
import io.banyan.dataplane.config.AppConfig;
import io.banyan.primitives.json.JsonMappers;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.GenericSecret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's app configuration as an SDS Secret and back: the Secret {@code app-config/<service>} whose
 * {@code generic_secret.secret.inline_bytes} is the UTF-8 JSON {@code {"version": "...", "values": {...}}}. The
 * control plane encodes with it; the sidecar decodes (and refuses) with it.
 */
public final class AppConfigTranslator {

    static final String KIND = "secret";
    static final String VERSION = "version";
    static final String VALUES = "values";

    private final ObjectMapper json = JsonMappers.lenient();

    /** The Secret of {@code service}'s configuration. */
    public Secret encode(String service, AppConfig config) {
        return Secret.newBuilder().setName(ResourceNames.appConfig(service))
                .setGenericSecret(GenericSecret.newBuilder().setSecret(DataSource.newBuilder()
                        .setInlineBytes(ByteString.copyFrom(bytes(config)))))
                .build();
    }

    /** The JSON the sidecar serves: {@code {"version": "...", "values": {...}}}. */
    public byte[] bytes(AppConfig config) {
        ObjectNode root = json.createObjectNode().put(VERSION, config.version());
        ObjectNode values = root.putObject(VALUES);
        config.values().forEach(values::set);
        try {
            return json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an app configuration", e);
        }
    }

    /** The configuration a Secret named {@code app-config/...} carries. */
    AppConfig translate(Secret secret) throws InvalidResourceException {
        String name = secret.getName();
        if (!name.startsWith(ResourceNames.APP_CONFIG_PREFIX)) {
            throw new InvalidResourceException(KIND, name, "name (expected: " + ResourceNames.APP_CONFIG_PREFIX
                    + "<service>)");
        }
        if (!secret.hasGenericSecret() || !secret.getGenericSecret().getSecret().hasInlineBytes()) {
            throw new InvalidResourceException(KIND, name, "generic_secret.secret.inline_bytes absent (expected: the"
                    + " app configuration's JSON)");
        }
        JsonNode root;
        try {
            root = json.readTree(secret.getGenericSecret().getSecret().getInlineBytes().toByteArray());
        } catch (IOException e) {
            throw new InvalidResourceException(KIND, name, "generic_secret.secret.inline_bytes is not JSON (expected:"
                    + " {\"version\": \"...\", \"values\": {...}})");
        }
        if (root == null || !root.isObject() || !root.path(VERSION).isTextual()
                || root.path(VERSION).asText().isEmpty() || !root.path(VALUES).isObject()) {
            throw new InvalidResourceException(KIND, name, "generic_secret.secret.inline_bytes (expected: {\"version\":"
                    + " \"<non-empty string>\", \"values\": {...}})");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get(VALUES).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), entry.getValue());
        }
        return new AppConfig(root.get(VERSION).asText(), values);
    }
}
