package io.banyan.cli.options;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.banyan.primitives.json.JsonMappers;

/** How the CLI reads a YAML or JSON document a user wrote: one document, no duplicate keys. */
public final class StrictDocuments {

    private StrictDocuments() {
    }

    /** A reader of YAML ({@code yaml}) or JSON that refuses trailing content and duplicate keys. */
    public static ObjectMapper mapper(boolean yaml) {
        return JsonMappers.lenient(yaml ? new YAMLFactory() : new JsonFactory())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
