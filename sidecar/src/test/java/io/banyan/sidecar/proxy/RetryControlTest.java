package io.banyan.sidecar.proxy;

import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.resilience.AttemptOutcome;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a response head means for retries. */
class RetryControlTest {

    private static HttpResponse response(int status, String meshError) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        if (meshError != null) {
            response.headers().set(ErrorCause.HEADER, meshError);
        }
        return response;
    }

    @Test
    void aPeerSidecarThatNeverDeliveredTheRequestCountsAsARefusedStream() {
        for (ErrorCause cause : new ErrorCause[] {ErrorCause.CONNECT_FAILURE, ErrorCause.OVERFLOW,
                ErrorCause.CIRCUIT_OPEN, ErrorCause.DRAINING, ErrorCause.NO_HEALTHY_UPSTREAM}) {
            assertThat(RetryControl.outcomeOf(response(503, cause.token()), true).kind())
                    .as(cause.token()).isEqualTo(AttemptOutcome.Kind.REFUSED_STREAM);
        }
    }

    @Test
    void errorsAfterDeliveryAndErrorsFromOutsideTheMeshAreJustResponses() {
        assertThat(RetryControl.outcomeOf(response(504, ErrorCause.UPSTREAM_TIMEOUT.token()), true).kind())
                .isEqualTo(AttemptOutcome.Kind.RESPONSE);
        assertThat(RetryControl.outcomeOf(response(502, ErrorCause.UPSTREAM_RESET.token()), true).kind())
                .isEqualTo(AttemptOutcome.Kind.RESPONSE);
        // a plain upstream (not a sidecar) cannot claim it never got the request
        assertThat(RetryControl.outcomeOf(response(503, ErrorCause.CONNECT_FAILURE.token()), false).kind())
                .isEqualTo(AttemptOutcome.Kind.RESPONSE);
        assertThat(RetryControl.outcomeOf(response(503, null), true).kind()).isEqualTo(AttemptOutcome.Kind.RESPONSE);
    }

    @Test
    void aTrailersOnlyGrpcStatusIsRead() {
        HttpResponse response = response(200, null);
        response.headers().set("grpc-status", "14");

        AttemptOutcome outcome = RetryControl.outcomeOf(response, false);

        assertThat(outcome.grpcStatus()).isEqualTo(14);
    }
}
