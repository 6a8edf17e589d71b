package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.RouteHandler;
import io.banyan.primitives.name.ServiceName;
import io.banyan.sidecar.diagnose.Diagnosis;
import io.banyan.sidecar.diagnose.WhyText;
import io.banyan.sidecar.http1.ForwardedHeaders;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /debug/why?service=S}: the path to service S now; {@code GET /debug/why?request_id=ID}: a recent failed
 * request from the ring. JSON by default; plain language with {@code ?format=text} or an {@code Accept} that prefers
 * {@code text/plain} (names it, and not {@code application/json}). Unknown service or request id: 404; a service name
 * that is not one, a missing or doubled question, a bad format: 400.
 */
final class WhyEndpoint implements RouteHandler {

    /** The longest request id asked about: the sidecar keeps none longer. */

    private final AdminJson json;
    private final Diagnosis diagnosis;

    WhyEndpoint(AdminJson json, Diagnosis diagnosis) {
        this.json = json;
        this.diagnosis = diagnosis;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        boolean text = text(request);
        Optional<String> service = request.queryParam("service");
        Optional<String> requestId = request.queryParam("request_id");
        if (service.isPresent() == requestId.isPresent()) {
            throw ApiException.badRequest("service", "query: " + (service.isPresent() ? "both service and request_id"
                    : "neither service nor request_id") + " (expected: ?service=NAME or ?request_id=ID)");
        }
        if (service.isPresent()) {
            String name = service.get();
            if (!ServiceName.isValid(name)) {
                throw ApiException.badRequest("service", ServiceName.problem(shown(name), "service"));
            }
            return diagnosis.service(name)
                    .map(why -> text ? AdminRoutes.text(200, WhyText.of(why).stripTrailing())
                            : AdminResponse.json(200, json.write(why)))
                    .orElseThrow(() -> ApiException.notFound("service", "service '" + name + "': this sidecar knows "
                            + "no such service (not declared with --upstream, not in its configuration, no recent "
                            + "failure of it)"));
        }
        String id = requestId.get();
        if (id.isEmpty() || id.length() > ForwardedHeaders.MAX_REQUEST_ID) {
            throw ApiException.badRequest("request_id", "request_id: " + (id.isEmpty() ? "empty" : "longer than "
                    + ForwardedHeaders.MAX_REQUEST_ID + " characters") + " (expected: the x-request-id of a recent failed request)");
        }
        return diagnosis.request(id)
                .map(why -> text ? AdminRoutes.text(200, WhyText.of(why).stripTrailing())
                        : AdminResponse.json(200, json.write(why)))
                .orElseThrow(() -> ApiException.notFound("request_id", "request_id '" + shown(id) + "': not among the "
                        + "recent failures (the sidecar keeps the last " + diagnosis.ringCapacity() + " failed requests; "
                        + "a request that succeeded is not kept)"));
    }

    /** Whether the answer is plain text: {@code ?format=text}, or an {@code Accept} naming text/plain and not JSON. */
    private static boolean text(AdminRequest request) {
        Optional<String> format = request.queryParam("format");
        if (format.isPresent()) {
            return switch (format.get().toLowerCase(Locale.ROOT)) {
                case "text" -> true;
                case "json" -> false;
                default -> throw ApiException.badRequest("format", "format: '" + shown(format.get())
                        + "' (expected: json or text)");
            };
        }
        String accept = request.accept();
        if (accept == null) {
            return false;
        }
        String media = accept.toLowerCase(Locale.ROOT);
        return media.contains("text/plain") && !media.contains("application/json");
    }

    /** A client's value as shown in an answer: at most 64 characters, control characters as '?'. */
    private static String shown(String value) {
        return WhyText.shown(value.length() <= 64 ? value : value.substring(0, 64) + "...");
    }
}
