package dev.nectar.ft.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.MalformedMessageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hash index: a file's manifest is computed once per (name, size, mtime) and kept in the home, so a file
 * is read and hashed once, not once per download. Concurrent requests for the same file share one hashing.
 */
public final class ManifestCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MEMORY_ENTRIES = 256;
    private static final int HASH_BUFFER = 1 << 20;
    /** Smaller files are hashed again faster than an index entry is written and read: they stay in memory only. */
    static final long PERSIST_FROM_BYTES = 8L << 20;
    /**
     * Files from this size on are hashed by one thread per core, each over its own run of chunks: 1 GiB took
     * 820-870 ms on one thread here and 450-470 ms on two, and a receiver waits for the manifest meanwhile.
     */
    static final long PARALLEL_FROM_BYTES = 64L << 20;

    private final Path directory;
    private final Map<String, FileManifest> memory = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FileManifest> eldest) {
            return size() > MEMORY_ENTRIES;
        }
    };
    private final Map<String, CompletableFuture<FileManifest>> hashing = new ConcurrentHashMap<>();

    public ManifestCache(Path directory) {
        this.directory = directory;
    }

    /** The manifest of {@code file}, announced under {@code name}, from the index or freshly hashed. */
    public FileManifest manifestOf(String name, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        String key = keyOf(name, attributes);
        synchronized (memory) {
            FileManifest cached = memory.get(key);
            if (cached != null) {
                return cached;
            }
        }
        CompletableFuture<FileManifest> mine = new CompletableFuture<>();
        CompletableFuture<FileManifest> running = hashing.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            boolean persist = attributes.size() >= PERSIST_FROM_BYTES;
            FileManifest manifest = persist ? stored(key).orElse(null) : null;
            if (manifest == null) {
                manifest = hash(name, file, attributes);
                if (persist) {
                    AtomicFile.replaceCacheEntry(directory.resolve(key + ".json"), JSON.writeValueAsBytes(manifest));
                }
            }
            synchronized (memory) {
                memory.put(key, manifest);
            }
            mine.complete(manifest);
            return manifest;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            hashing.remove(key, mine);
        }
    }

    /**
     * Records that {@code file}, announced under {@code name}, has the content of {@code manifest} (a download that
     * just landed and was verified chunk by chunk), so that serving it does not hash it again.
     */
    public FileManifest remember(String name, Path file, FileManifest manifest) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.size() != manifest.size()) {
            throw new IOException(file + " is not the file of its manifest");
        }
        FileManifest named = new FileManifest(name, attributes.size(), attributes.lastModifiedTime().toMillis(), manifest.chunkSize(),
                manifest.chunkHashes(), manifest.fileHash());
        String key = keyOf(name, attributes);
        if (attributes.size() >= PERSIST_FROM_BYTES) {
            AtomicFile.replaceCacheEntry(directory.resolve(key + ".json"), JSON.writeValueAsBytes(named));
        }
        synchronized (memory) {
            memory.put(key, named);
        }
        return named;
    }

    private java.util.Optional<FileManifest> stored(String key) {
        Path entry = directory.resolve(key + ".json");
        if (!Files.exists(entry)) {
            return java.util.Optional.empty();
        }
        try {
            FileManifest manifest = JSON.readValue(entry.toFile(), FileManifest.class);
            manifest.validate();
            return java.util.Optional.of(manifest);
        } catch (IOException | MalformedMessageException | RuntimeException damaged) {
            // A damaged index entry is only a lost cache entry: hash the file again.
            return java.util.Optional.empty();
        }
    }

    /** Reads the file once, hashing each chunk; fails if the file changes meanwhile. */
    static FileManifest hash(String name, Path file, BasicFileAttributes before) throws IOException {
        return hash(name, file, before, FileManifest.chunkSizeFor(before.size()));
    }

    /** As {@link #hash(String, Path, BasicFileAttributes)}, with the chunk size of another node's manifest. */
    static FileManifest hash(String name, Path file, BasicFileAttributes before, int chunkSize) throws IOException {
        long size = before.size();
        String[] hashes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            hashes = chunkHashes(channel, file, size, chunkSize, FileManifest.chunkCount(size, chunkSize));
        }
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
        if (after.size() != size || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
            throw new IOException(file + " changed while it was hashed");
        }
        List<String> chunkHashes = List.of(hashes);
        return new FileManifest(name, size, before.lastModifiedTime().toMillis(), chunkSize, chunkHashes, FileManifest.fileHashOf(chunkHashes));
    }

    /**
     * The SHA-256 of each of the first {@code chunks} chunks of the {@code size} bytes in {@code channel}, read
     * once; from {@link #PARALLEL_FROM_BYTES} on by one thread per core, each over its own run of chunks.
     */
    static String[] chunkHashes(FileChannel channel, Path file, long size, int chunkSize, int chunks) throws IOException {
        String[] hashes = new String[chunks];
        int parts = size < PARALLEL_FROM_BYTES ? 1 : Math.min(Runtime.getRuntime().availableProcessors(), chunks);
        AtomicReference<IOException> failure = new AtomicReference<>();
        List<Thread> helpers = new ArrayList<>();
        for (int part = 1; part < parts; part++) {
            int from = (int) ((long) chunks * part / parts);
            int to = (int) ((long) chunks * (part + 1) / parts);
            // Platform threads: a virtual one would hold one of the few carriers for the whole hash.
            helpers.add(Thread.ofPlatform().daemon().name("hash-" + part).start(() -> {
                try {
                    hashChunks(channel, file, size, chunkSize, from, to, hashes, failure);
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        try {
            hashChunks(channel, file, size, chunkSize, 0, chunks / parts, hashes, failure);
        } catch (IOException e) {
            failure.compareAndSet(null, e);
        }
        for (Thread helper : helpers) {
            try {
                helper.join();
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new IOException("interrupted while hashing " + file));
                Thread.currentThread().interrupt();
                helpers.forEach(Thread::interrupt);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return hashes;
    }

    /** Hashes chunks {@code from} to {@code to} (exclusive) into {@code hashes}; stops early once another part failed. */
    private static void hashChunks(FileChannel channel, Path file, long size, int chunkSize, int from, int to, String[] hashes,
                                   AtomicReference<IOException> failure) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(HASH_BUFFER);
        for (int chunk = from; chunk < to && failure.get() == null; chunk++) {
            MessageDigest digest = FileManifest.sha256();
            long offset = (long) chunk * chunkSize;
            long end = Math.min(size, offset + chunkSize);
            while (offset < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - offset));
                int read = channel.read(buffer, offset);
                if (read < 0) {
                    throw new IOException(file + " became shorter while it was hashed");
                }
                buffer.flip();
                digest.update(buffer);
                offset += read;
            }
            hashes[chunk] = FileManifest.hex(digest.digest());
        }
    }

    private static String keyOf(String name, BasicFileAttributes attributes) {
        String identity = name + "\u0000" + attributes.size() + "\u0000" + attributes.lastModifiedTime().toMillis();
        return FileManifest.hex(FileManifest.sha256().digest(identity.getBytes(StandardCharsets.UTF_8)));
    }

    private static FileManifest await(CompletableFuture<FileManifest> running) throws IOException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the hash of a file");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
