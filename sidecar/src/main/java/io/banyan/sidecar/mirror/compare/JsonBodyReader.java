package io.banyan.sidecar.mirror.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a body compared as JSON into a tree: one document and nothing after it; decimals kept exactly (as
 * {@link java.math.BigDecimal}), so numbers compare by value. Jackson's own limits bound the nesting depth. One per
 * data plane, shared by event loops.
 */
public final class JsonBodyReader {

    private final ObjectMapper mapper = JsonMappers.lenient()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The document in {@code body}, or null when it is empty or not (one) JSON document. */
    public JsonNode read(InputStream body) {
        try {
            JsonNode tree = mapper.readTree(body);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (IOException e) {
            return null; // the body is in memory: only a malformed one gets here
        }
    }
}
