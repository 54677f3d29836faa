package dev.nectar.ft.process;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.KernelNotice;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A process's context on a real kernel. */
final class KernelContext implements ProcessContext {
    private final Kernel kernel;
    private final Address address;
    private volatile boolean exitRequested;

    KernelContext(Kernel kernel, Address address) {
        this.kernel = kernel;
        this.address = address;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public Kernel kernel() {
        return kernel;
    }

    @Override
    public CompletableFuture<Void> send(Address target, byte[] body, ByteBuf blob) {
        return kernel.send(address, target, body, blob);
    }

    @Override
    public CompletableFuture<WireFrame.Message> request(Address target, byte[] body, Duration timeout) {
        return kernel.request(address, target, body, null, timeout);
    }

    @Override
    public void respond(WireFrame.Message request, byte[] body) {
        kernel.respond(address, request, body, null);
    }

    @Override
    public void exit() {
        exitRequested = true;
    }

    @Override
    public void watch(NodeId node) {
        kernel.watch(address, node);
    }

    @Override
    public void dropLink(NodeId node) {
        kernel.dropLink(node);
    }

    @Override
    public boolean isKernelNotice(Address source) {
        return source.equals(kernel.local(KernelNotice.PROCESS));
    }

    @Override
    public boolean nodeStopping() {
        return kernel.isShuttingDown();
    }

    boolean exitRequested() {
        return exitRequested;
    }
}
