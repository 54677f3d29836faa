package dev.nectar.ft.process;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.WireFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A spawned process: a bounded mailbox drained by one virtual thread, with the restart policy applied on a crash. */
final class RunningProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);
    static final int MAILBOX_CAPACITY = 1024;

    private final Kernel kernel;
    private final Address address;
    private final Supplier<Process> factory;
    private final OnExit onExit;
    private final BlockingQueue<WireFrame.Message> mailbox = new ArrayBlockingQueue<>(MAILBOX_CAPACITY);
    private Thread thread;

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

    boolean offer(WireFrame.Message message) {
        return mailbox.offer(message);
    }

    void stop() {
        thread.interrupt();
    }

    private void run() {
        ProcessContext context = new ProcessContext(kernel, address);
        Process process = factory.get();
        try {
            while (!context.exitRequested()) {
                WireFrame.Message message = mailbox.take();
                try {
                    process.handle(message, context);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception | LinkageError | AssertionError crash) {
                    LOG.warn("process {} crashed on a message from {}: {}", address.process(), message.envelope().source(), crash.toString(), crash);
                    kernel.respond(address, message, new ErrorReply(ErrorReply.INTERNAL,
                            "process " + address.process() + " failed: " + crash.getMessage()).encode(), null);
                    if (onExit == OnExit.NONE) {
                        return;
                    }
                    process = factory.get();
                    LOG.info("process {} restarted", address.process());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kernel.exited(this);
        }
    }
}
