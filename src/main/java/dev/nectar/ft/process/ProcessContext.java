package dev.nectar.ft.process;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What a running process may do: its own address, messaging, spawning children, and exiting. */
public final class ProcessContext {
    private final Kernel kernel;
    private final Address address;
    private volatile boolean exitRequested;

    ProcessContext(Kernel kernel, Address address) {
        this.kernel = kernel;
        this.address = address;
    }

    /** This process's address, with this node's id as the node. */
    public Address address() {
        return address;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Sends a request that expects no response; completes once it is handed to the target or written to its link. */
    public CompletableFuture<Void> send(Address target, byte[] body, ByteBuf blob) {
        return kernel.send(address, target, body, blob);
    }

    /** Sends a request and completes with its response (the seed's {@code send_and_await_response}). */
    public CompletableFuture<WireFrame.Message> request(Address target, byte[] body, Duration timeout) {
        return kernel.request(address, target, body, null, timeout);
    }

    /** Answers {@code request}; a no-op if its sender expects no response. */
    public void respond(WireFrame.Message request, byte[] body) {
        kernel.respond(address, request, body, null);
    }

    /** Ends this process after the current message. */
    public void exit() {
        exitRequested = true;
    }

    boolean exitRequested() {
        return exitRequested;
    }
}
