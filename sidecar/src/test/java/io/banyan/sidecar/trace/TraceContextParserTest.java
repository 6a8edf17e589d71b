package io.banyan.sidecar.trace;

import io.banyan.sidecar.trace.TraceParent.Decision;
import io.banyan.sidecar.trace.TraceParent.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextParserTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "b7ad6b7169203331";

    private static TraceParent parse(Map<String, String> headers) {
        return TraceContextParser.parse(headers::get);
    }

    @Test
    void aW3cTraceparentIsReadWithItsSampledFlag() {
        assertThat(TraceContextParser.traceparent("00-" + TRACE + "-" + SPAN + "-01"))
                .isEqualTo(new TraceParent(TRACE, SPAN, Decision.SAMPLE, Format.W3C));
        assertThat(TraceContextParser.traceparent("00-" + TRACE + "-" + SPAN + "-00").decision())
                .isEqualTo(Decision.DROP);
        // other flag bits are ignored, only bit 0 samples
        assertThat(TraceContextParser.traceparent("00-" + TRACE + "-" + SPAN + "-03").decision())
                .isEqualTo(Decision.SAMPLE);
    }

    @Test
    void aLaterVersionIsReadByItsFirst55CharactersAndMayCarryMore() {
        assertThat(TraceContextParser.traceparent("01-" + TRACE + "-" + SPAN + "-01-whatever").traceId())
                .isEqualTo(TRACE);
        assertThat(TraceContextParser.traceparent("01-" + TRACE + "-" + SPAN + "-01x")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra", // version 00 is exactly 55
            "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", // version ff is invalid
            "00-00000000000000000000000000000000-b7ad6b7169203331-01", // all-zero trace id
            "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", // all-zero span id
            "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01", // upper case
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01", // short span id
            "00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01", // wrong separators
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0g", // flags not hex
            "garbage", ""})
    void anInvalidTraceparentIsIgnored(String value) {
        assertThat(TraceContextParser.traceparent(value)).isNull();
        assertThat(parse(Map.of("traceparent", value))).isNull();
    }

    @Test
    void anInvalidTraceparentFallsBackToB3() {
        assertThat(parse(Map.of("traceparent", "garbage", "b3", TRACE + "-" + SPAN + "-1")))
                .isEqualTo(new TraceParent(TRACE, SPAN, Decision.SAMPLE, Format.B3_SINGLE));
    }

    @Test
    void w3cWinsOverB3() {
        String other = "1111111111111111111111111111111a";
        assertThat(parse(Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01",
                "b3", other + "-" + SPAN + "-1")).traceId()).isEqualTo(TRACE);
    }

    @Test
    void b3SingleInEveryShape() {
        assertThat(TraceContextParser.b3Single(TRACE + "-" + SPAN))
                .isEqualTo(new TraceParent(TRACE, SPAN, Decision.DEFER, Format.B3_SINGLE));
        assertThat(TraceContextParser.b3Single(TRACE + "-" + SPAN + "-0").decision()).isEqualTo(Decision.DROP);
        assertThat(TraceContextParser.b3Single(TRACE + "-" + SPAN + "-d").decision()).isEqualTo(Decision.SAMPLE);
        assertThat(TraceContextParser.b3Single(TRACE + "-" + SPAN + "-1-" + "00f067aa0ba902b7").spanId())
                .isEqualTo(SPAN);
        // a 64-bit trace id is padded to 128 bits
        assertThat(TraceContextParser.b3Single("8448eb211c80319c-" + SPAN + "-1").traceId())
                .isEqualTo("00000000000000008448eb211c80319c");
        assertThat(TraceContextParser.b3Single("0"))
                .isEqualTo(new TraceParent(null, null, Decision.DROP, Format.B3_SINGLE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "2", TRACE, TRACE + "-", TRACE + "-" + SPAN + "-", TRACE + "-" + SPAN + "-2",
            TRACE + "-" + SPAN + "-1-", TRACE + "-" + SPAN + "-1-00f067aa0ba902b", "abc-" + SPAN + "-1",
            TRACE + "-" + SPAN + "1"})
    void anInvalidB3SingleIsIgnored(String value) {
        assertThat(TraceContextParser.b3Single(value)).isNull();
    }

    @Test
    void b3MultiWithSampledOrDebugFlags() {
        assertThat(parse(Map.of("x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-sampled", "1")))
                .isEqualTo(new TraceParent(TRACE, SPAN, Decision.SAMPLE, Format.B3_MULTI));
        assertThat(parse(Map.of("x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-sampled", "false")).decision())
                .isEqualTo(Decision.DROP);
        assertThat(parse(Map.of("x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-flags", "1")).decision())
                .isEqualTo(Decision.SAMPLE);
        assertThat(parse(Map.of("x-b3-traceid", TRACE, "x-b3-spanid", SPAN)).decision()).isEqualTo(Decision.DEFER);
        assertThat(parse(Map.of("x-b3-sampled", "0")))
                .isEqualTo(new TraceParent(null, null, Decision.DROP, Format.B3_MULTI));
    }

    @Test
    void anIncompleteOrInvalidB3MultiIsIgnored() {
        assertThat(parse(Map.of("x-b3-traceid", TRACE, "x-b3-sampled", "1"))).isNull();
        assertThat(parse(Map.of("x-b3-traceid", TRACE, "x-b3-spanid", "xyz", "x-b3-sampled", "1"))).isNull();
        assertThat(parse(Map.of("x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-sampled", "yes"))).isNull();
        assertThat(parse(Map.of())).isNull();
    }

    @Test
    void headersAreWrittenInTheirFormats() {
        assertThat(TraceHeaders.traceparent(TRACE, SPAN, true)).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(TraceHeaders.traceparent(TRACE, SPAN, false)).isEqualTo("00-" + TRACE + "-" + SPAN + "-00");
        assertThat(TraceHeaders.b3(TRACE, SPAN, true, "00f067aa0ba902b7"))
                .isEqualTo(TRACE + "-" + SPAN + "-1-00f067aa0ba902b7");
        // what we write, we read back
        assertThat(TraceContextParser.traceparent(TraceHeaders.traceparent(TRACE, SPAN, true)))
                .isEqualTo(new TraceParent(TRACE, SPAN, Decision.SAMPLE, Format.W3C));
    }
}
