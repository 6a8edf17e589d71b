package io.banyan.controlplane.store;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The etcd store's mirror: a change applies only when newer than what it holds for the key (a removal leaves a
 * tombstone until the watch passed it); a re-read reports exactly what differs; a write's own changes read over the
 * mirror as one sorted map.
 */
class EtcdMirrorTest {

    private final EtcdMirror mirror = new EtcdMirror();

    @Test
    void aChangeAppliesOnlyWhenNewerThanTheKeys() {
        assertThat(mirror.apply("services", "orders", "v5", 5)).isTrue();
        assertThat(mirror.apply("services", "orders", "v4", 4)).as("older").isFalse();
        assertThat(mirror.apply("services", "orders", "v5", 5)).as("the same, e.g. the watch's copy of our own write")
                .isFalse();
        assertThat(mirror.get("services", "orders").value()).isEqualTo("v5");

        assertThat(mirror.apply("services", "orders", null, 7)).isTrue();
        assertThat(mirror.apply("services", "orders", "v6", 6)).as("a late put does not undo a newer removal")
                .isFalse();
        assertThat(mirror.get("services", "orders")).isNull();
        mirror.watched(7);
        assertThat(mirror.apply("services", "orders", "v8", 8)).isTrue();
    }

    @Test
    void aReReadReportsWhatDiffers() {
        mirror.apply("services", "kept", "same", 1);
        mirror.apply("services", "changed", "old", 2);
        mirror.apply("policies", "gone", "x", 3);
        var changes = mirror.replace(Map.of("services", Map.of(
                "kept", new EtcdMirror.Stamped("same", 1),
                "changed", new EtcdMirror.Stamped("new", 9),
                "added", new EtcdMirror.Stamped("a", 8))), 10);

        assertThat(changes).containsExactlyInAnyOrder(
                new EtcdMirror.Change("services", "changed", "new"),
                new EtcdMirror.Change("services", "added", "a"),
                new EtcdMirror.Change("policies", "gone", null));
        assertThat(mirror.watched()).isEqualTo(10);
        assertThat(mirror.view("policies").size()).isZero();
    }

    @Test
    void aReReadKeepsWhatThisReplicaWroteAfterTheReadRevision() {
        mirror.apply("services", "old", "v1", 1);
        mirror.apply("services", "written-after", "v12", 12); // the writer, after the read at 10
        mirror.apply("services", "removed-after", "v2", 2);
        mirror.apply("services", "removed-after", null, 13); // the writer's removal: a tombstone
        mirror.apply("services", "removed-before", "v3", 3);
        mirror.apply("services", "removed-before", null, 4);

        var changes = mirror.replace(Map.of("services", Map.of(
                "old", new EtcdMirror.Stamped("v1", 1),
                "written-after", new EtcdMirror.Stamped("v5", 5),
                "removed-after", new EtcdMirror.Stamped("v2", 2))), 10);

        assertThat(changes).isEmpty();
        assertThat(mirror.get("services", "written-after")).isEqualTo(new EtcdMirror.Stamped("v12", 12));
        assertThat(mirror.get("services", "removed-after")).as("removed here after the read").isNull();
        assertThat(mirror.apply("services", "written-after", "v12", 12)).as("the watch's copy of our write")
                .isFalse();
        assertThat(mirror.apply("services", "removed-after", null, 13)).isFalse();
        assertThat(mirror.apply("services", "removed-after", "v2", 2)).as("the tombstone holds").isFalse();
        assertThat(mirror.apply("services", "removed-before", "v11", 11)).as("an old tombstone is gone").isTrue();
    }

    @Test
    void aWritesOwnChangesReadOverTheMirrorAsOneSortedMap() {
        mirror.apply("revisions", "02", "b", 1);
        mirror.apply("revisions", "04", "d", 1);
        mirror.apply("revisions", "06", "f", 1);
        TreeMap<String, String> changes = new TreeMap<>();
        changes.put("02", null);
        changes.put("05", "e");
        changes.put("07", "g");
        changes.put("01", null); // removing what is not there changes nothing
        MergedView view = new MergedView(mirror.stamped("revisions"), changes);

        assertThat(view.size()).isEqualTo(4);
        assertThat(view.firstKey()).isEqualTo("04");
        assertThat(view.lastKey()).isEqualTo("07");
        assertThat(view.lowerKey("06")).isEqualTo("05");
        assertThat(view.lowerKey("04")).isNull();
        assertThat(view.get("02")).isNull();
        assertThat(view.entries()).extracting(Map.Entry::getKey).containsExactly("04", "05", "06", "07");
    }

    @Test
    void aWriteReadsItsOwnChangesAndRecordsOnlyWhatItReadFromTheMirror() {
        mirror.apply("revision-counter", "last", "41", 12);
        EtcdWriteSet group = new EtcdWriteSet();
        EtcdChangeMaps first = new EtcdChangeMaps(mirror, group);
        assertThat(first.get("revision-counter", "last")).isEqualTo("41");
        first.put("revision-counter", "last", "42");
        assertThat(first.remove("instances", "absent")).isNull();
        group.add(first.own());

        EtcdChangeMaps second = new EtcdChangeMaps(mirror, group);
        assertThat(second.get("revision-counter", "last")).as("the group's earlier write").isEqualTo("42");
        assertThat(second.own().reads()).isEmpty();
        assertThat(group.reads()).containsExactly(
                Map.entry(new EtcdWriteSet.Read("revision-counter", "last"), 12L),
                Map.entry(new EtcdWriteSet.Read("instances", "absent"), 0L));
        assertThat(group.operations()).isEqualTo(2);
    }
}
