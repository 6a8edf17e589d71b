package io.banyan.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLineIsOneObjectWithTheDocumentedFields() throws Exception {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("io.banyan.sidecar.Sidecar");
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "drain of {} took \"long\"\nsecond line",
                new IllegalStateException("boom"), new Object[] {"orders"});
        event.setTimeStamp(1_765_148_462_345L);
        event.setThreadName("banyan-io-1-1");
        event.setMDCPropertyMap(Map.of("request_id", "r-1"));
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(line.strip().lines()).hasSize(1);
        JsonNode json = JSON.readTree(line);
        assertThat(json.fieldNames()).toIterable()
                .containsExactly("time", "level", "logger", "thread", "message", "mdc", "exception");
        assertThat(json.get("time").asText()).isEqualTo("2025-12-07T23:01:02.345Z");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("io.banyan.sidecar.Sidecar");
        assertThat(json.get("thread").asText()).isEqualTo("banyan-io-1-1");
        assertThat(json.get("message").asText()).isEqualTo("drain of orders took \"long\"\nsecond line");
        assertThat(json.get("mdc").get("request_id").asText()).isEqualTo("r-1");
        assertThat(json.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("\tat ");
    }

    @Test
    void aLineWithoutMdcOrExceptionHasNeither() throws Exception {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("x"), Level.INFO, "up", null, null);
        event.setMDCPropertyMap(Map.of());
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();

        JsonNode json = JSON.readTree(encoder.encode(event));

        assertThat(json.fieldNames()).toIterable().containsExactly("time", "level", "logger", "thread", "message");
    }
}
