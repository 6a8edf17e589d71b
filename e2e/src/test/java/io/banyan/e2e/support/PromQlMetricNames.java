package io.banyan.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Banyan metric names a PromQL expression reads: identifiers starting {@code banyan_}, outside string literals
 * (label values) and comments, as written (a histogram's {@code _bucket}, {@code _count}, {@code _sum} kept: what
 * Prometheus stores is a sample name). And where the expressions are: every {@code expr} of a Grafana dashboard's
 * panels and template queries, every {@code expr} of a Prometheus rule file.
 */
public final class PromQlMetricNames {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern COMMENT = Pattern.compile("#[^\\n]*");
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:])banyan_[A-Za-z0-9_]*(?![A-Za-z0-9_:])");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{\\s]");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)");
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum");

    private PromQlMetricNames() {
    }

    /** The {@code banyan_} names {@code expr} reads. */
    public static Set<String> of(String expr) {
        String code = COMMENT.matcher(STRING.matcher(expr).replaceAll("\"\"")).replaceAll("");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(code);
        while (name.find()) {
            names.add(name.group());
        }
        return names;
    }

    /** Every PromQL expression of a Grafana dashboard: each {@code expr} (panel targets) and template {@code query}. */
    public static List<String> dashboardExpressions(Path dashboard) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(dashboard));
        List<String> found = new ArrayList<>();
        collect(root, "expr", found);
        for (JsonNode variable : root.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            found.add(query.isObject() ? query.path("query").asText() : query.asText());
        }
        return found;
    }

    /** Every {@code expr} of a Prometheus rule file. */
    public static List<String> ruleExpressions(Path rules) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(rules));
        List<String> found = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                found.add(rule.path("expr").asText());
            }
        }
        return found;
    }

    private static void collect(JsonNode node, String field, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(entry -> {
                if (entry.getKey().equals(field) && entry.getValue().isTextual()) {
                    into.add(entry.getValue().asText());
                } else {
                    collect(entry.getValue(), field, into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, field, into));
        }
    }

    /**
     * What {@code names} lacks in {@code scrapes} (Prometheus text): each name must be a sample name some scrape has
     * (so a histogram is read through its {@code _bucket}, {@code _count} or {@code _sum}, never by its bare name),
     * and a {@code _bucket} must be a histogram's. Returns each missing name with why.
     */
    public static Map<String, String> missing(Set<String> names, List<String> scrapes) {
        Set<String> samples = new TreeSet<>();
        Map<String, String> types = new TreeMap<>();
        for (String scrape : scrapes) {
            for (String line : scrape.split("\n")) {
                Matcher type = TYPE.matcher(line);
                if (type.find()) {
                    types.put(type.group(1), type.group(2));
                }
                Matcher sample = SAMPLE.matcher(line);
                if (!line.startsWith("#") && sample.find()) {
                    samples.add(sample.group(1));
                }
            }
        }
        Map<String, String> missing = new TreeMap<>();
        for (String name : names) {
            if (!samples.contains(name)) {
                missing.put(name, types.containsKey(name) && "histogram".equals(types.get(name))
                        ? "a histogram: query its _bucket, _count or _sum" : "not exported");
            } else if (name.endsWith("_bucket") && !"histogram".equals(types.get(base(name)))) {
                missing.put(name, "not a histogram's buckets (TYPE of " + base(name) + ": " + types.get(base(name)) + ")");
            }
        }
        return missing;
    }

    private static String base(String name) {
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
