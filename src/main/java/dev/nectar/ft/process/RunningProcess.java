package dev.nectar.ft.process;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.WireFrame;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spawned process: a mailbox drained by one virtual thread, with the restart policy applied on a crash. The
 * mailbox is bounded in messages and in blob bytes, so no sender can make a node hold more than that. Blobs are
 * released once handled, and those of messages still queued when the process ends with it.
 */
final class RunningProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);
    static final int MAILBOX_CAPACITY = 1024;
    static final long MAILBOX_BLOB_BYTES = 64L << 20;

    private final Kernel kernel;
    private final Address address;
    private final Supplier<Process> factory;
    private final OnExit onExit;
    private final BlockingQueue<WireFrame.Message> mailbox = new ArrayBlockingQueue<>(MAILBOX_CAPACITY);
    private final AtomicLong queuedBlobBytes = new AtomicLong();
    private Thread thread;
    private volatile boolean ended;

    RunningProcess(Kernel kernel, Address address, Supplier<Process> factory, OnExit onExit) {
        this.kernel = kernel;
        this.address = address;
        this.factory = factory;
        this.onExit = onExit;
    }

    Address address() {
        return address;
    }

    void start() {
        thread = Thread.ofVirtual().name("process-" + address.process()).start(this::run);
    }

    /** Queues a message; false if the mailbox is full (in count or in blob bytes) or the process has ended. */
    boolean offer(WireFrame.Message message) {
        if (ended) {
            return false;
        }
        long blob = message.blobLength();
        if (queuedBlobBytes.addAndGet(blob) > MAILBOX_BLOB_BYTES && blob > 0) {
            queuedBlobBytes.addAndGet(-blob);
            return false;
        }
        if (!mailbox.offer(message)) {
            queuedBlobBytes.addAndGet(-blob);
            return false;
        }
        // Ended meanwhile: take it back unless the last drain already took (and released) it.
        return !(ended && mailbox.removeIf(queued -> queued == message));
    }

    void stop() {
        thread.interrupt();
    }

    /** Waits up to {@code millis} for the process to have run its {@code onExit}. */
    void awaitExit(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private WireFrame.Message next(Duration idleTimeout) throws InterruptedException {
        WireFrame.Message message = idleTimeout == null ? mailbox.take() : mailbox.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message != null) {
            queuedBlobBytes.addAndGet(-message.blobLength());
        }
        return message;
    }

    private void run() {
        KernelContext context = new KernelContext(kernel, address);
        Process process = factory.get();
        try {
            boolean started = false;
            while (!context.exitRequested()) {
                WireFrame.Message message = null;
                try {
                    if (!started) {
                        started = true;
                        process.onStart(context);
                        continue;
                    }
                    message = next(process.idleTimeout());
                    if (message == null) {
                        process.onIdle(context);
                    } else {
                        try {
                            process.handle(message, context);
                        } finally {
                            // A process uses a blob while it handles the message, never after.
                            message.release();
                        }
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception | LinkageError | AssertionError crash) {
                    String cause = message == null ? "while starting or idle" : "on a message from " + message.envelope().source();
                    LOG.warn("process {} crashed {}: {}", address.process(), cause, crash.toString(), crash);
                    if (message != null) {
                        kernel.respond(address, message, new ErrorReply(ErrorReply.INTERNAL,
                                "process " + address.process() + " failed: " + crash.getMessage()).encode(), null);
                    }
                    if (onExit == OnExit.NONE) {
                        return;
                    }
                    process.onExit();
                    process = factory.get();
                    started = false;
                    LOG.info("process {} restarted", address.process());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.onExit();
            kernel.exited(this);
            ended = true;
            for (WireFrame.Message left = mailbox.poll(); left != null; left = mailbox.poll()) {
                left.release();
            }
        }
    }
}
