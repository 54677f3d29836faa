package dev.nectar.ft.transfer;

import dev.nectar.ft.identity.NodeId;
import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may list and download: everyone authenticated ({@code public}, the seed's behaviour) or only the node ids
 * on the allow-list. Checked on every ListFiles and Download, so a change applies at once to every transfer not
 * yet started, with no restart. Each change is saved before it takes effect.
 */
public final class AccessControl {
    public enum Mode {
        PUBLIC, ALLOWLIST;

        public static Mode parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("access must be 'public' or 'allowlist', not '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Persists the access settings; called with the new ones before they apply. */
    @FunctionalInterface
    public interface Store {
        void save(Mode mode, List<NodeId> allowed) throws IOException;
    }

    private final Store store;
    private final Set<NodeId> allowed = ConcurrentHashMap.newKeySet();
    private volatile Mode mode;

    public AccessControl(Mode mode, Collection<NodeId> allowed, Store store) {
        this.mode = mode;
        this.allowed.addAll(allowed);
        this.store = store;
    }

    /** Why {@code node} may not list or download, or empty if it may. */
    public Optional<String> refusal(NodeId node) {
        if (mode == Mode.ALLOWLIST && !allowed.contains(node)) {
            return Optional.of("node " + node.shortForm() + " is not on this node's allow-list");
        }
        return Optional.empty();
    }

    public Mode mode() {
        return mode;
    }

    public List<NodeId> allowed() {
        return allowed.stream().sorted(Comparator.comparing(NodeId::value)).toList();
    }

    public synchronized void setMode(Mode newMode) throws IOException {
        store.save(newMode, allowed());
        mode = newMode;
    }

    public synchronized void allow(NodeId node) throws IOException {
        List<NodeId> next = new java.util.ArrayList<>(allowed());
        if (!next.contains(node)) {
            next.add(node);
        }
        store.save(mode, next);
        allowed.add(node);
    }

    /** Takes {@code node} off the allow-list; false if it was not on it. */
    public synchronized boolean disallow(NodeId node) throws IOException {
        if (!allowed.contains(node)) {
            return false;
        }
        store.save(mode, allowed().stream().filter(id -> !id.equals(node)).toList());
        allowed.remove(node);
        return true;
    }
}
