package dev.nectar.ft.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.wire.TransferStatus;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfers that ended (done, failed, cancelled), kept across restarts in one file of JSON lines, a line per
 * ending, so that a node started again shows what it moved before. Lines are appended by a thread of its own from a
 * bounded queue, so a transfer waits for no disk here; they reach the operating system whenever the queue runs empty,
 * so a killed node keeps them, and they are not fsynced: the files moved are durable, this is only their record, and
 * a machine that loses power may lose its last lines. Read back at start: the last {@code keep} transfers, the latest
 * line of each; a line that does not parse (the tail of a write that a crash cut) is skipped. The file is rewritten
 * with those alone when it holds twice as many lines, and emptied when the owner clears the finished transfers.
 */
public final class TransferHistory implements TransferRegistry.EndedTransfers, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUE = 4096;
    private static final long CLOSE_WAIT_SECONDS = 5;

    /** What the writer does next: append an ending, empty the file, or stop. */
    private sealed interface Step {}

    private record Ended(TransferStatus status) implements Step {}

    private record Cleared() implements Step {}

    private record Stop() implements Step {}

    private final Path file;
    private final int keep;
    private final List<TransferStatus> earlier;
    private final BlockingQueue<Step> steps = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private volatile boolean closed;
    private int lines;

    private TransferHistory(Path file, int keep, List<TransferStatus> earlier, int lines) {
        this.file = file;
        this.keep = keep;
        this.earlier = earlier;
        this.lines = lines;
        this.writer = Thread.ofVirtual().name("transfer-history").start(this::writeUntilStopped);
    }

    /** Reads the history kept in {@code file} (none if it is missing) and starts recording into it. */
    public static TransferHistory open(Path file, int keep) throws IOException {
        LinkedHashMap<String, TransferStatus> latest = new LinkedHashMap<>();
        int lines = read(file, keep, latest);
        return new TransferHistory(file, keep, List.copyOf(latest.values()), lines);
    }

    /** The transfers that ended before this node started, the longest ended first. */
    public List<TransferStatus> earlier() {
        return earlier;
    }

    @Override
    public void ended(TransferStatus status) {
        enqueue(new Ended(status));
    }

    @Override
    public void cleared() {
        enqueue(new Cleared());
    }

    /** Writes what is queued and stops; the file then holds every ending recorded before. */
    @Override
    public void close() {
        enqueue(new Stop());
        closed = true;
        try {
            if (!writer.join(java.time.Duration.ofSeconds(CLOSE_WAIT_SECONDS))) {
                LOG.warn("the transfer history did not finish writing within {} s", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a step; after the stop, nothing: a status that comes later would wait for a writer that is gone. */
    private void enqueue(Step step) {
        if (closed) {
            return;
        }
        try {
            steps.put(step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilStopped() {
        BufferedWriter out = null;
        try {
            while (true) {
                Step step = steps.take();
                try {
                    do {
                        switch (step) {
                            case Ended ended -> {
                                out = out != null ? out : append();
                                out.write(JSON.writeValueAsString(ended.status()));
                                out.newLine();
                                if (++lines >= 2 * keep) {
                                    out.close();
                                    out = null;
                                    compact();
                                }
                            }
                            case Cleared cleared -> {
                                if (out != null) {
                                    out.close();
                                    out = null;
                                }
                                AtomicFile.write(file, new byte[0]);
                                lines = 0;
                            }
                            case Stop stop -> {
                                return;
                            }
                        }
                        step = steps.poll();
                    } while (step != null);
                    if (out != null) {
                        out.flush();
                    }
                } catch (IOException e) {
                    LOG.warn("cannot record ended transfers in {}: {}", file, e.getMessage());
                    out = closeAfterFailure(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeAfterFailure(out);
        }
    }

    private BufferedWriter append() throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Rewrites the file with the last {@code keep} transfers alone. */
    private void compact() throws IOException {
        LinkedHashMap<String, TransferStatus> latest = new LinkedHashMap<>();
        read(file, keep, latest);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (TransferStatus status : latest.values()) {
            content.write(JSON.writeValueAsBytes(status));
            content.write('\n');
        }
        AtomicFile.write(file, content.toByteArray());
        lines = latest.size();
    }

    /** Closes {@code out}, if open, after a failure or at the end; a failure to close is already reported. */
    private BufferedWriter closeAfterFailure(BufferedWriter out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("closing {} after a failure: {}", file, e.getMessage());
            }
        }
        return null;
    }

    /** Puts the latest status of the last {@code keep} transfers of {@code file} into {@code latest}; returns its lines. */
    private static int read(Path file, int keep, LinkedHashMap<String, TransferStatus> latest) throws IOException {
        int lines = 0;
        int unreadable = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines++;
                TransferStatus status;
                try {
                    status = JSON.readValue(line, TransferStatus.class);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    unreadable++;
                    continue;
                }
                if (status.id() == null || status.state() == null || !TransferRegistry.isOver(status)) {
                    unreadable++;
                    continue;
                }
                latest.remove(status.id());
                latest.put(status.id(), status);
                for (Iterator<String> eldest = latest.keySet().iterator(); latest.size() > keep; ) {
                    eldest.next();
                    eldest.remove();
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (unreadable > 0) {
            LOG.warn("skipped {} unreadable lines of {} (a write cut short by a crash, or not ft's)", unreadable, file);
        }
        return lines;
    }
}
