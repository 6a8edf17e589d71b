package io.banyan.e2e.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Prometheus text from a {@code /metrics} endpoint, as a scraper would, and sums samples by name and labels. */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    /** GET http://127.0.0.1:{port}/metrics. */
    public static Scrape of(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("/metrics on port " + port + ": " + response.statusCode());
            }
            return new Scrape(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        return text;
    }

    /** The sum of every sample of {@code name} whose labels include {@code labels}; 0 if there is none. */
    public double sum(String name, Map<String, String> labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find() || !sample.group(1).equals(name)) {
                continue;
            }
            if (matches(sample.group(3), labels)) {
                total += Double.parseDouble(sample.group(4));
            }
        }
        return total;
    }

    public double sum(String name) {
        return sum(name, Map.of());
    }

    /** Whether a sample of {@code name} exists at all. */
    public boolean has(String name) {
        return text.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }

    private static boolean matches(String labelText, Map<String, String> wanted) {
        if (wanted.isEmpty()) {
            return true;
        }
        Map<String, String> found = new java.util.HashMap<>();
        if (labelText != null) {
            Matcher label = LABEL.matcher(labelText);
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
        }
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(found.get(e.getKey())));
    }
}
