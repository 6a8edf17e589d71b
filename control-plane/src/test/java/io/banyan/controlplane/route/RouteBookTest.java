package io.banyan.controlplane.route;

import io.banyan.controlplane.store.Store;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes per service and per gateway: durable, and published to listeners as revisioned snapshots. */
class RouteBookTest {

    private final FakeClock clock = new FakeClock();
    private final RouteJson json = new RouteJson();

    @TempDir
    Path dir;

    private ServiceRoutes orders(String to) {
        return json.readService("orders", ("{\"routes\": [{\"name\": \"r\", \"match\": {\"path\": {\"prefix\": \"/a\"}},"
                + " \"to\": [{\"service\": \"" + to + "\"}]}]}").getBytes(StandardCharsets.UTF_8));
    }

    private GatewayRoutes edge() {
        return json.readGateway("edge", "{\"routes\": [{\"hosts\": [\"shop.example.com\"], \"to\": [{\"service\": \"shop\"}]}]}"
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void routesOfServicesAndGatewaysSurviveAStoreReopenAndDeletesToo() {
        try (Store store = Store.open(dir)) {
            RouteBook book = new RouteBook(store, clock);
            book.put(orders("orders-v2"));
            book.put(edge());
            book.put(json.readService("payments", "{\"routes\": []}".getBytes(StandardCharsets.UTF_8)));
            assertThat(book.remove(RouteOwner.SERVICE, "payments")).isTrue();
            assertThat(book.remove(RouteOwner.SERVICE, "payments")).isFalse();
            assertThat(book.remove(RouteOwner.GATEWAY, "orders")).as("a gateway of that name has none").isFalse();
        }
        try (Store store = Store.open(dir)) {
            RouteBook book = new RouteBook(store, clock);
            assertThat(book.get(RouteOwner.SERVICE, "orders")).contains(orders("orders-v2"));
            assertThat(book.get(RouteOwner.GATEWAY, "edge")).contains(edge());
            assertThat(book.get(RouteOwner.SERVICE, "payments")).isEmpty();
            assertThat(store.routes().get("orders")).hasValueSatisfying(stored -> {
                assertThat(stored.updatedAt()).isEqualTo(clock.instant());
                assertThat(stored.json()).contains("\"service\":\"orders-v2\"");
            });
        }
    }

    @Test
    void listenersGetTheCurrentSnapshotThenEachChangeWithGrowingRevisions() {
        try (Store store = Store.open(dir)) {
            RouteBook book = new RouteBook(store, clock);
            List<RouteSnapshot> seen = new ArrayList<>();
            book.addListener(seen::add);
            book.put(orders("orders-v2"));
            book.put(orders("orders-v2"));
            book.put(edge());
            book.put(orders("orders-v3"));
            book.remove(RouteOwner.SERVICE, "orders");

            assertThat(seen).hasSize(5);
            assertThat(seen.get(0).services()).isEmpty();
            assertThat(seen.get(1).ofService("orders")).isEqualTo(orders("orders-v2").routes());
            assertThat(seen.get(2).ofGateway("edge")).isEqualTo(edge().routes());
            assertThat(seen.get(3).ofService("orders").get(0).services()).containsExactly("orders-v3");
            assertThat(seen.get(4).ofService("orders")).isEmpty();
            assertThat(seen.get(4).ofGateway("edge")).hasSize(1);
            assertThat(seen).extracting(RouteSnapshot::revision).isSorted().doesNotHaveDuplicates();
        }
    }
}
