package dev.nectar.ft.process;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a running process may do: its own address, messaging, watching links, and exiting. An interface so that a
 * process can be driven without a kernel or a network, by scripted messages in a test.
 */
public interface ProcessContext {
    /** This process's address, with this node's id as the node. */
    Address address();

    /** The node's kernel, for a process that spawns others or names them. */
    Kernel kernel();

    /** Sends a request that expects no response; completes once it is handed to the target or written to its link. */
    CompletableFuture<Void> send(Address target, byte[] body, ByteBuf blob);

    /** Sends a request and completes with its response (the seed's {@code send_and_await_response}). */
    CompletableFuture<WireFrame.Message> request(Address target, byte[] body, Duration timeout);

    /** Answers {@code request}; a no-op if its sender expects no response. */
    void respond(WireFrame.Message request, byte[] body);

    /** Ends this process after the current message. */
    void exit();

    /** Sends this process a {@link dev.nectar.ft.wire.KernelNotice} when the last link to {@code node} closes (at once if none is open). */
    void watch(NodeId node);

    /** Closes the links to {@code node}, found stalled; the next message dials again. */
    void dropLink(NodeId node);

    /** True if a message from {@code source} is the kernel's own notice. */
    boolean isKernelNotice(Address source);

    /** The node ids of the address book's peers: those a worker may ask, unprompted, for what they hold. */
    default List<NodeId> peers() {
        return kernel().peers();
    }

    /** What the owner calls {@code node} (a node id). */
    default String nameOf(String node) {
        return kernel().nameOf(node);
    }

    /** True once the node is stopping: a process that ends now is interrupted, not failing. */
    boolean nodeStopping();
}
