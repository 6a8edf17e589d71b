package io.banyan.controlplane.store;

import io.etcd.jetcd.ByteSequence;

import java.nio.charset.StandardCharsets;

/**
 * The store's keys in etcd: {@code <prefix><map>/<key>} (map names hold no {@code /}; keys may). The name
 * {@value #LEADER} under the prefix is the leadership election's and {@value #SYNC} the read barrier's: not maps.
 */
record EtcdKeys(String prefix) {

    static final String LEADER = "leader";
    static final String SYNC = "sync";

    /** A key of the store: its map and its key in the map. */
    record Key(String map, String key) {
    }

    ByteSequence of(String map, String key) {
        return bytes(prefix + map + "/" + key);
    }

    ByteSequence prefixBytes() {
        return bytes(prefix);
    }

    /** The first key after every key under the prefix (its last character incremented), to read a range. */
    String prefixEnd() {
        return prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
    }

    /** The key {@link Store#sync} puts to learn when the watch has caught up (not a map: it holds no '/'). */
    ByteSequence sync() {
        return bytes(prefix + SYNC);
    }

    ByteSequence leader() {
        return bytes(prefix + LEADER);
    }

    /** The map and key of an etcd key under the prefix; null for the election's keys and anything else. */
    Key parse(ByteSequence etcdKey) {
        String text = etcdKey.toString(StandardCharsets.UTF_8);
        if (!text.startsWith(prefix)) {
            return null;
        }
        String rest = text.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || rest.startsWith(LEADER + "/")) { // <prefix>sync has no slash: not a map either
            return null;
        }
        return new Key(rest.substring(0, slash), rest.substring(slash + 1));
    }

    static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
