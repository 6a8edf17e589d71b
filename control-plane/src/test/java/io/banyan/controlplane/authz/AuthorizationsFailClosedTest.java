package io.banyan.controlplane.authz;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreException;
import io.banyan.controlplane.store.StoreFiles;
import io.banyan.controlplane.store.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lost authorization data never turns into "everyone may call". */
class AuthorizationsFailClosedTest {

    @TempDir
    Path dir;

    @Test
    void anUnreadableAllowListStopsTheStartOrDeniesWhenRecovering() {
        try (Store store = Store.open(dir)) {
            new Authorizations(store).put(new AllowList("web", List.of("api")));
            StoreFiles.corrupt(store, "authorizations", "orders");
        }
        try (Store store = Store.open(dir)) {
            assertThatThrownBy(() -> new Authorizations(store))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("corrupt authorizations entry 'orders'");
        }
        try (Store store = Store.open(dir, StoreOptions.recover(true))) {
            Authorizations authorizations = new Authorizations(store);

            assertThat(authorizations.defaultMode()).isEqualTo(DefaultMode.DENY_UNLESS_ALLOWED);
            assertThat(authorizations.effective("orders").allowsEveryone()).isFalse();
            assertThat(authorizations.effective("web").allow()).containsExactly("api");
        }
        try (Store store = Store.open(dir)) {
            assertThat(new Authorizations(store).defaultMode()).as("the closed default is durable")
                    .isEqualTo(DefaultMode.DENY_UNLESS_ALLOWED);
        }
    }

    @Test
    void recoverWithNothingLostKeepsTheDefault() {
        try (Store store = Store.open(dir)) {
            new Authorizations(store).put(new AllowList("orders", List.of("web")));
        }
        try (Store store = Store.open(dir, StoreOptions.recover(true))) {
            Authorizations authorizations = new Authorizations(store);

            assertThat(authorizations.defaultMode()).isEqualTo(DefaultMode.ALLOW_ALL);
            assertThat(authorizations.effective("orders").allow()).containsExactly("web");
        }
    }
}
