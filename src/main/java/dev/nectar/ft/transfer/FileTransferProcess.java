package dev.nectar.ft.transfer;

import dev.nectar.ft.process.OnExit;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.vfs.PathRefusedException;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main process {@code file_transfer}: answers what the public drive holds, and starts transfers with one
 * worker per transfer on each side. It never waits on the network itself, so it answers within milliseconds
 * however many transfers run.
 */
public final class FileTransferProcess implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(FileTransferProcess.class);

    private final Drive drive;
    private final ManifestCache manifests;
    private final TransferRegistry registry;
    private final DownloadQueue queue;

    public FileTransferProcess(Drive drive, ManifestCache manifests, TransferRegistry registry, DownloadQueue queue) {
        this.drive = drive;
        this.manifests = manifests;
        this.registry = registry;
        this.queue = queue;
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) throws Exception {
        if (message.envelope().kind() == Envelope.Kind.RESPONSE) {
            LOG.debug("unexpected response from {}", message.envelope().source());
            return;
        }
        TransferRequest request;
        try {
            request = TransferRequest.decode(message.body());
        } catch (MalformedMessageException e) {
            LOG.info("bad request from {}: {}", message.envelope().source(), e.getMessage());
            context.respond(message, new ErrorReply(ErrorReply.BAD_REQUEST, e.getMessage()).encode());
            return;
        }
        boolean local = message.envelope().source().node().equals(context.address().node());
        TransferResponse response = switch (request) {
            case TransferRequest.ListFiles listFiles -> listFiles();
            case TransferRequest.Download download when local -> startReceiving(download, context);
            case TransferRequest.Download download -> startSending(download, message.envelope().source(), context);
            case TransferRequest.Progress progress -> {
                if (local && progress.status() != null) {
                    registry.update(progress.status());
                    if (progress.status().isFinished()) {
                        queue.finished(progress.status().id());
                        startQueued();
                    }
                } else {
                    LOG.info("{} from {}: {}%", progress.name(), message.envelope().source(), progress.progress());
                }
                yield null;
            }
        };
        if (response != null) {
            context.respond(message, response.encode());
        }
    }

    private TransferResponse listFiles() throws IOException {
        return new TransferResponse.ListFiles(drive.list().stream()
                .map(entry -> new FileInfo(entry.name(), entry.size()))
                .toList());
    }

    /** The owner asks for a file: spawn the receiving worker, which asks the remote main process for a sender. */
    private TransferResponse startReceiving(TransferRequest.Download download, ProcessContext context) {
        if (download.target().isOur() || download.target().node().equals(context.address().node())) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, "a node does not download from itself");
        }
        Path target;
        try {
            Drive destination = download.to() == null ? drive : Drive.open("to", Path.of(download.to()));
            target = destination.resolve(download.name());
            if (target.equals(destination.root())) {
                return new ErrorReply(ErrorReply.BAD_REQUEST, "name a file to download");
            }
        } catch (PathRefusedException e) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, "cannot use " + download.to() + " as the destination: " + e.getMessage());
        }
        var active = registry.activeTo(target.toString());
        if (active.isPresent()) {
            return new ErrorReply(ErrorReply.BUSY, "transfer " + active.get().id() + " is already downloading to " + target);
        }
        Address remoteMain = new Address(download.target().node(), Address.MAIN_PROCESS);
        Address main = context.address();
        String id = context.kernel().newWorkerName();
        Runnable start = () -> context.kernel().spawn(id,
                () -> new ReceivingWorker(download.name(), remoteMain, target, download.overwrite(), main), OnExit.NONE);
        if (!queue.offer(new DownloadQueue.Pending(id, start))) {
            return new ErrorReply(ErrorReply.BUSY, "too many downloads are waiting; try again when some have finished");
        }
        registry.update(new TransferStatus(id, remoteMain.node(), download.name(), TransferStatus.QUEUED,
                0, 0, 0, -1, target.toString(), null));
        startQueued();
        return new TransferResponse.Download(download.name(), new Address(Address.OUR, id));
    }

    private void startQueued() {
        for (var next = queue.next(); next.isPresent(); next = queue.next()) {
            next.get().start().run();
        }
    }

    /** Another node asks for a file: check the name, spawn a sending worker aimed at the asker's receiving worker. */
    private TransferResponse startSending(TransferRequest.Download download, Address asker, ProcessContext context) {
        Path file;
        try {
            file = drive.resolve(download.name());
        } catch (PathRefusedException e) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, e.getMessage());
        }
        if (!Files.isRegularFile(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return new ErrorReply(ErrorReply.NOT_FOUND, "no file named '" + download.name() + "' in the public drive");
        }
        // The receiving worker lives on the node that asked, whatever node name the body carries.
        Address receiver = new Address(asker.node(), download.target().process());
        String name = download.name();
        Address worker = context.kernel().spawn(null, () -> new SendingWorker(name, file, receiver, manifests), OnExit.NONE);
        LOG.info("sending {} to {}", name, receiver);
        return new TransferResponse.Download(name, worker.withNode(Address.OUR));
    }
}
