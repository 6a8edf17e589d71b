package io.banyan.controlplane.store;

import java.util.TreeMap;

/**
 * The {@link StoreMaps} one write runs against on etcd: the mirror, with the changes of the writes before it in the
 * same transaction ({@code group}) and its own over it. An entry it reads from the mirror is recorded with its
 * revision, to be compared in the transaction; what it writes goes to its own {@link EtcdWriteSet}, added to the group's
 * once it returned (a write that throws leaves nothing behind).
 */
final class EtcdChangeMaps implements StoreMaps {

    private final EtcdMirror mirror;
    private final EtcdWriteSet group;
    private final EtcdWriteSet own = new EtcdWriteSet();

    EtcdChangeMaps(EtcdMirror mirror, EtcdWriteSet group) {
        this.mirror = mirror;
        this.group = group;
    }

    EtcdWriteSet own() {
        return own;
    }

    @Override
    public String get(String map, String key) {
        if (own.wrote(map, key)) {
            return own.writes(map).get(key);
        }
        if (group.wrote(map, key)) {
            return group.writes(map).get(key);
        }
        EtcdMirror.Stamped stamped = mirror.get(map, key);
        own.read(map, key, stamped == null ? 0 : stamped.revision());
        return stamped == null ? null : stamped.value();
    }

    @Override
    public void put(String map, String key, String value) {
        own.write(map, key, value);
    }

    @Override
    public String remove(String map, String key) {
        String previous = get(map, key);
        own.write(map, key, null);
        return previous;
    }

    @Override
    public SortedView reading(String map) {
        return new SortedView() { // live: each read sees the writes made so far
            private MergedView now() {
                TreeMap<String, String> changes = new TreeMap<>();
                if (group.writes(map) != null) {
                    changes.putAll(group.writes(map));
                }
                if (own.writes(map) != null) {
                    changes.putAll(own.writes(map));
                }
                return new MergedView(mirror.stamped(map), changes);
            }

            @Override
            public String get(String key) {
                return now().get(key);
            }

            @Override
            public String firstKey() {
                return now().firstKey();
            }

            @Override
            public String lastKey() {
                return now().lastKey();
            }

            @Override
            public String lowerKey(String key) {
                return now().lowerKey(key);
            }

            @Override
            public int size() {
                return now().size();
            }

            @Override
            public java.util.List<java.util.Map.Entry<String, String>> entries() {
                return now().entries();
            }
        };
    }
}
