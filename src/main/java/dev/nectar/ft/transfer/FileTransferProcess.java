package dev.nectar.ft.transfer;

import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.WireFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The main process {@code file_transfer}: answers what the public drive holds and starts transfers. */
public final class FileTransferProcess implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(FileTransferProcess.class);

    private final Drive drive;

    public FileTransferProcess(Drive drive) {
        this.drive = drive;
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
        switch (request) {
            case TransferRequest.ListFiles listFiles -> context.respond(message, listFiles().encode());
            case TransferRequest.Progress progress ->
                    LOG.info("{} from {}: {}%", progress.name(), message.envelope().source(), progress.progress());
            case TransferRequest.Download download -> context.respond(message, new ErrorReply(ErrorReply.BAD_REQUEST,
                    "this node does not serve downloads yet").encode());
        }
    }

    private TransferResponse.ListFiles listFiles() throws java.io.IOException {
        return new TransferResponse.ListFiles(drive.list().stream()
                .map(entry -> new FileInfo(entry.name(), entry.size()))
                .toList());
    }
}
