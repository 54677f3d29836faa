package dev.nectar.ft.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The buffers that links and workers move file bytes in: pooled direct memory in 4 MiB chunks, so that a 1 MiB
 * chunk of a file is carved from a pool instead of allocated, zeroed and later freed by the garbage collector.
 * Netty 4.2's default allocator takes 1 MiB buffers outside its pools: measured with async-profiler, zeroing
 * them cost 4-7 % of each node's CPU, and their memory was returned only when a GC ran their cleaners.
 * No per-thread caches: the workers run on virtual threads, and a cache for each would hold memory for each.
 */
public final class LinkBuffers {
    private static final int PAGE_SIZE = 8192;
    /** Chunks of 8 KiB << 9 = 4 MiB, so that a 1 MiB file chunk and its frame fit inside one. */
    private static final int MAX_ORDER = 9;
    private static final int DIRECT_ARENAS = 2;

    public static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true, 0, DIRECT_ARENAS, PAGE_SIZE,
            MAX_ORDER, 0, 0, false);

    private LinkBuffers() {}
}
