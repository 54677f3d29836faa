package dev.nectar.ft.api;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.WireFrame;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a peer's listing through its main process: the whole drive in the seed's one message while it fits one
 * (kept in {@link PeerListings}, and asked again only "unless" unchanged), else, and for a folder, page by page.
 * Every failure is an {@link ApiException} that says which peer and why.
 */
final class RemoteListing {
    /** Sends a request to a peer's process and waits for the answer, or throws an {@link ApiException}. */
    interface Asker {
        WireFrame.Message ask(Address target, byte[] body, Duration timeout);
    }

    /** The first answer: the whole listing, or the first of its pages. */
    sealed interface Answer permits Whole, Pages {}

    record Whole(PeerListings.Listing listing) implements Answer {}

    /** Pages of one version of a listing, read one after another as the caller takes them. */
    final class Pages implements Answer {
        private final String peer;
        private final TransferRequest.ListFiles request;
        private final Duration timeout;
        private TransferResponse.ListPage page;

        private Pages(String peer, TransferRequest.ListFiles request, Duration timeout, TransferResponse.ListPage first) {
            this.peer = peer;
            this.request = request;
            this.timeout = timeout;
            this.page = first;
        }

        TransferResponse.ListPage first() {
            return page;
        }

        /** The page after the last one taken, or null after the last page. */
        TransferResponse.ListPage next() {
            if (page.last()) {
                return null;
            }
            page = switch (ask(peer, request.continuedAt(page.version(), page.next()), timeout)) {
                case TransferResponse.ListPage next when next.version().equals(page.version()) && advances(page, next) -> next;
                default -> throw notAFileList(peer);
            };
            return page;
        }

        /** A page that holds entries and leads further on: pages that lead back or hold nothing would never end. */
        private static boolean advances(TransferResponse.ListPage before, TransferResponse.ListPage after) {
            return after.last() || (!after.entries().isEmpty() && after.next() > before.next());
        }
    }

    private final PeerListings kept;
    private final Asker asker;

    RemoteListing(PeerListings kept, Asker asker) {
        this.kept = kept;
        this.asker = asker;
    }

    /** The listing of {@code peer}'s whole drive kept from the last time it was asked, without asking again. */
    Optional<PeerListings.Listing> keptWholeDrive(String peer) {
        return kept.get(peer);
    }

    /** The whole drive of {@code peer}: the listing kept from last time if the peer says it is still current. */
    Answer wholeDrive(String peer, Duration timeout) {
        var known = kept.get(peer);
        var request = new TransferRequest.ListFiles(known.map(PeerListings.Listing::version).orElse(null));
        WireFrame.Message response = asker.ask(mainProcessOf(peer), request.encode(), timeout);
        return switch (decode(peer, response)) {
            case TransferResponse.ListFiles list -> new Whole(kept.put(peer, TransferResponse.ListFiles.versionOf(response.body()), list.files()));
            case TransferResponse.ListingUnchanged unchanged when known.isPresent() -> new Whole(known.get());
            case TransferResponse.ListPage first when first.last() || !first.entries().isEmpty() -> {
                kept.forget(peer);
                yield new Pages(peer, new TransferRequest.ListFiles(), timeout, first);
            }
            default -> throw notAFileList(peer);
        };
    }

    /**
     * The files under {@code folder} of {@code peer} (or the file of that name), or, with {@code oneLevel}, what is
     * directly in it; with {@code emptyFolders}, its empty folders too.
     */
    Pages folder(String peer, String folder, boolean oneLevel, boolean emptyFolders, Duration timeout) {
        TransferRequest.ListFiles request = TransferRequest.ListFiles.of(folder, oneLevel);
        request = emptyFolders ? request.withEmptyFolders() : request;
        if (ask(peer, request, timeout) instanceof TransferResponse.ListPage first && (first.last() || !first.entries().isEmpty())) {
            return new Pages(peer, request, timeout, first);
        }
        throw notAFileList(peer);
    }

    private TransferResponse ask(String peer, TransferRequest.ListFiles request, Duration timeout) {
        return decode(peer, asker.ask(mainProcessOf(peer), request.encode(), timeout));
    }

    private TransferResponse decode(String peer, WireFrame.Message response) {
        TransferResponse decoded;
        try {
            decoded = TransferResponse.decode(response.body());
        } catch (MalformedMessageException e) {
            throw new ApiException(502, "BadResponse", peer + " answered with something that is not a file list: " + e.getMessage());
        }
        if (decoded instanceof ErrorReply error) {
            kept.forget(peer);
            int status = error.kind().equals(ErrorReply.LISTING_CHANGED) ? 409 : 502;
            throw new ApiException(status, error.kind(), peer + " refused: " + error.message());
        }
        return decoded;
    }

    static Address mainProcessOf(String peer) {
        try {
            return new Address(peer, Address.MAIN_PROCESS);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, e.getMessage());
        }
    }

    private static ApiException notAFileList(String peer) {
        return new ApiException(502, "BadResponse", peer + " answered with something that is not a file list");
    }
}
