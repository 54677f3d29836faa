package dev.nectar.ft.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.wire.TransferStatus;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
    /** Far more than a line of ft's (some 400 bytes) and than the lines kept (20,000 of them, 40,000 before a rewrite). */
    private static final int MAX_LINE_BYTES = 64 << 10;
    private static final long MAX_READ_BYTES = 64L << 20;
    private static final int READ_BUFFER_BYTES = 64 << 10;

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
    /** Lines of the file that hold an ending (one id may have several); unreadable ones go at the next rewrite. */
    private int endings;
    private boolean failing;

    private TransferHistory(Path file, int keep, List<TransferStatus> earlier, int endings) {
        this.file = file;
        this.keep = keep;
        this.earlier = earlier;
        this.endings = endings;
        // A thread of its own, not a virtual one: a rewrite parses some 40,000 lines and would hold a carrier meanwhile.
        this.writer = Thread.ofPlatform().daemon().name("transfer-history").start(this::writeUntilStopped);
    }

    /** Reads the history kept in {@code file} (none if it is missing or unreadable) and starts recording into it. */
    public static TransferHistory open(Path file, int keep) {
        LinkedHashMap<String, TransferStatus> latest = new LinkedHashMap<>();
        int endings = read(file, keep, latest);
        return new TransferHistory(file, keep, List.copyOf(latest.values()), endings);
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
            if (!writer.join(Duration.ofSeconds(CLOSE_WAIT_SECONDS))) {
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
                                if (++endings >= 2 * keep) {
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
                                endings = 0;
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
                    failing = false;
                } catch (IOException | RuntimeException e) {
                    // Once per spell of failures, not per transfer: a folder of 10,000 files would say it 10,000 times.
                    if (!failing) {
                        LOG.warn("cannot record ended transfers in {}: {}", file, e.getMessage());
                    }
                    failing = true;
                    out = closeAfterFailure(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.warn("cannot record the last ended transfers in {}: {}", file, e.getMessage());
                }
            }
        }
    }

    private BufferedWriter append() throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Rewrites the file with the lines of its last {@code keep} endings, read one line at a time: a node that lands a
     * folder of 100,000 files rewrites it twice, and must not hold the lines to do so. Lines are not parsed here (that
     * took two thirds of a rewrite), nor made text (a string per line was a tenth of what a receiving node allocated
     * through a folder): every line this class writes is one ending, and one that a crash cut short, the rare one
     * that still looks whole included, is skipped when the file is read.
     */
    private void compact() throws IOException {
        int[] skip = {endings - keep};
        AtomicFile.write(file, out -> forEachLine(file, line -> {
            if (line != null && line.looksWhole() && skip[0]-- <= 0) {
                line.writeTo(out);
                out.write('\n');
            }
        }));
        endings = Math.min(endings, keep);
    }

    /** Closes {@code out}, if open, after a failure, which is already reported. */
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

    /**
     * Puts the latest status of the last {@code keep} transfers of {@code file} into {@code latest}; returns how many of
     * its lines hold an ending.
     */
    private static int read(Path file, int keep, LinkedHashMap<String, TransferStatus> latest) {
        int[] endings = {0};
        int[] unreadable = {0};
        try {
            forEachLine(file, line -> {
                TransferStatus status = line == null ? null : parse(line.toString(StandardCharsets.UTF_8));
                if (status == null) {
                    unreadable[0]++;
                    return;
                }
                endings[0]++;
                latest.remove(status.id());
                latest.put(status.id(), status);
                for (Iterator<String> eldest = latest.keySet().iterator(); latest.size() > keep; ) {
                    eldest.next();
                    eldest.remove();
                }
            });
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.warn("cannot read the transfers that ended before from {}: {}", file, e.getMessage());
        }
        if (unreadable[0] > 0) {
            LOG.warn("skipped {} unreadable lines of {} (a write cut short by a crash, or not ft's)", unreadable[0], file);
        }
        return endings[0];
    }

    /**
     * Gives each line of the file's last {@link #MAX_READ_BYTES}, or null for a line over {@link #MAX_LINE_BYTES} (a
     * run of zeros that a crash left, say) and for the line cut where the reading began: no file in the home makes
     * the node hold more than one line of it at a time.
     */
    private static void forEachLine(Path file, LineAction each) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            long skipped = Math.max(0, Files.size(file) - MAX_READ_BYTES);
            in.skipNBytes(skipped);
            // Scanned a buffer at a time: a byte at a time through a BufferedInputStream took half of a rewrite's CPU.
            byte[] buffer = new byte[READ_BUFFER_BYTES];
            Line line = new Line();
            boolean cut = skipped > 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                int start = 0;
                for (int end = 0; end < read; end++) {
                    if (buffer[end] == '\n') {
                        lineEnded(line, append(line, buffer, start, end, cut), each);
                        line.reset();
                        cut = false;
                        start = end + 1;
                    }
                }
                cut = append(line, buffer, start, read, cut);
            }
            lineEnded(line, cut, each);
        }
    }

    /** Hands {@code each} the line that just ended (null if it was cut); an empty line is skipped. */
    private static void lineEnded(Line line, boolean cut, LineAction each) throws IOException {
        if (line.size() > 0 || cut) {
            each.accept(cut ? null : line);
        }
    }

    /** Adds {@code bytes[from, to)} to the line, or marks it cut (true) once it would outgrow {@link #MAX_LINE_BYTES}. */
    private static boolean append(Line line, byte[] bytes, int from, int to, boolean cut) {
        if (cut || line.size() + (to - from) > MAX_LINE_BYTES) {
            return true;
        }
        line.write(bytes, from, to - from);
        return false;
    }

    /** What {@link #forEachLine} does with a line (null for one it could not read whole). */
    private interface LineAction {
        void accept(Line line) throws IOException;
    }

    /** The bytes of one line, without its end; reused for the next line once handed on. */
    private static final class Line extends ByteArrayOutputStream {
        /** Whether it could be an ending as this class writes them: a JSON object. */
        boolean looksWhole() {
            return count > 1 && buf[0] == '{' && buf[count - 1] == '}';
        }
    }

    /** The status a line holds, or null if it holds none that ended. */
    private static TransferStatus parse(String line) {
        try {
            TransferStatus status = JSON.readValue(line, TransferStatus.class);
            return status.id() != null && status.state() != null && TransferRegistry.isOver(status) ? status : null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }
}
