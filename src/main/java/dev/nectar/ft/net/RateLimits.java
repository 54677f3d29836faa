package dev.nectar.ft.net;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link TokenBucket} per key (a remote address, a node id), for at most {@link #MAX_KEYS} keys: the least
 * recently seen are forgotten, so a flood of new keys cannot grow this without bound.
 *
 * @param <K> what is limited
 */
public final class RateLimits<K> {
    static final int MAX_KEYS = 4096;

    private final Map<K, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<K, TokenBucket> eldest) {
            return size() > MAX_KEYS;
        }
    };
    private final double perSecond;
    private final double burst;

    /** {@code perSecond} events a second per key, with bursts up to twice that (at least 2). */
    public RateLimits(double perSecond) {
        this.perSecond = perSecond;
        this.burst = Math.max(2, 2 * perSecond);
    }

    public boolean tryTake(K key) {
        TokenBucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, perSecond));
        }
        return bucket.tryTake();
    }
}
