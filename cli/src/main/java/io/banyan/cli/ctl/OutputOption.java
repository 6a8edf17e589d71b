package io.banyan.cli.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banyan.primitives.json.JsonMappers;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code -o, --output table|json|yaml}: a table for people (the default; {@code text} is its older name) or the admin
 * API's answer as it came, as JSON or YAML.
 */
public final class OutputOption {

    private static final ObjectMapper JSON = JsonMappers.lenient();
    private static final ObjectMapper YAML = new YAMLMapper();

    /** The ways to show an answer. */
    enum Format { TABLE, JSON, YAML }

    @Option(names = {"-o", "--output"}, paramLabel = "table|json|yaml", defaultValue = "table", converter = FormatName.class,
            description = "table: columns for people (default; text is the same); json or yaml: the admin API's answer.")
    Format format = Format.TABLE;

    /** Prints {@code answer} (a missing node: {@code {"status": status}}) as chosen, {@code table} giving the table. */
    void print(JsonNode answer, int status, List<String> table, PrintWriter out) {
        JsonNode shown = answer.isMissingNode() ? JSON.createObjectNode().put("status", status) : answer;
        try {
            switch (format) {
                case JSON -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(shown));
                case YAML -> out.print(YAML.writeValueAsString(shown));
                case TABLE -> table.forEach(out::println);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer: not printable (" + e.getOriginalMessage() + ")", e);
        }
    }

    boolean table() {
        return format == Format.TABLE;
    }

    /** {@code table} (or {@code text}), {@code json} or {@code yaml}, in any case. */
    static final class FormatName implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "table", "text" -> Format.TABLE;
                case "json" -> Format.JSON;
                case "yaml" -> Format.YAML;
                default -> throw new TypeConversionException("expected: table, json or yaml");
            };
        }
    }
}
