package io.banyan.controlplane.authz;

import io.banyan.controlplane.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules arrive at listeners as revisioned immutable snapshots, like the registry's and the policies'. */
class AuthorizationsTest {

    @TempDir
    Path dir;

    private Store store;
    private Authorizations authorizations;
    private final List<AuthorizationSnapshot> told = new ArrayList<>();

    @BeforeEach
    void open() {
        store = Store.open(dir);
        authorizations = new Authorizations(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aListenerIsFirstToldTheCurrentRulesThenEveryChangeWithAGrowingRevision() {
        authorizations.put(new AllowList("web", List.of("orders")));
        authorizations.addListener(told::add);

        authorizations.put(new AllowList("orders", List.of("web")));
        authorizations.setDefault(DefaultMode.DENY_UNLESS_ALLOWED);
        authorizations.remove("web");

        assertThat(told).extracting(AuthorizationSnapshot::revision).containsExactly(2L, 3L, 4L, 5L);
        assertThat(told.get(0).lists()).containsOnlyKeys("web");
        assertThat(told.get(1).lists()).containsOnlyKeys("orders", "web");
        assertThat(told.get(2).mode()).isEqualTo(DefaultMode.DENY_UNLESS_ALLOWED);
        AuthorizationSnapshot last = told.get(3);
        assertThat(last.lists()).containsOnlyKeys("orders");
        assertThat(last.effective("web").hasAllowList()).isFalse();
        assertThat(last.effective("web").allowsEveryone()).isFalse();
        assertThat(authorizations.snapshot()).isEqualTo(last);
    }

    @Test
    void aSnapshotToldStaysAsItWasWhenTheRulesChangeLater() {
        authorizations.addListener(told::add);
        authorizations.put(new AllowList("web", List.of("orders")));
        AuthorizationSnapshot before = told.get(1);

        authorizations.put(new AllowList("web", List.of("billing")));

        assertThat(before.effective("web").allow()).containsExactly("orders");
        assertThat(authorizations.effective("web").allow()).containsExactly("billing");
    }

    @Test
    void nothingChangedTellsNobody() {
        authorizations.addListener(told::add);

        assertThat(authorizations.remove("web")).isFalse();
        authorizations.setDefault(DefaultMode.ALLOW_ALL);

        assertThat(told).hasSize(1);
    }

    @Test
    void theEmptySnapshotAcceptsEveryCaller() {
        AuthorizationSnapshot empty = AuthorizationSnapshot.empty();

        assertThat(empty.revision()).isZero();
        assertThat(empty.effective("web").allowsEveryone()).isTrue();
        assertThat(empty.allowList("web")).isEmpty();
    }
}
