package dev.nectar.ft.transfer;

import dev.nectar.ft.storage.ContentIndex;
import dev.nectar.ft.storage.ManifestCache;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node can serve a swarm by file hash: complete files of its public drive ({@link ContentIndex}) and the
 * verified chunks of downloads into its public drive while they run ({@link SharedPartial}). Downloads into a
 * private folder ({@code --to}) are never offered: the owner chose not to share them, and offering their chunks
 * would tell peers what the owner downloads there.
 */
public final class HeldContent {
    private static final Logger LOG = LoggerFactory.getLogger(HeldContent.class);
    /** More downloads than this at once are not offered: a node runs a few at a time anyway. */
    private static final int MAX_SHARED = 256;

    private final Drive drive;
    private final ManifestCache manifests;
    private final ContentIndex index;
    private final boolean serving;
    private final Map<String, SharedPartial> partialsByHash = new HashMap<>();
    private final Map<Path, SharedPartial> partialsByPath = new HashMap<>();

    /** @param serving false to serve nothing to swarms (a node's own downloads still use them) */
    public HeldContent(Drive drive, ManifestCache manifests, ContentIndex index, boolean serving) {
        this.drive = drive;
        this.manifests = manifests;
        this.index = index;
        this.serving = serving;
    }

    /** What this node offers for {@code fileHash}: a complete file first, else a download of it that is running. */
    sealed interface Offer permits Whole, Partial {}

    record Whole(ContentIndex.Held file) implements Offer {}

    record Partial(SharedPartial partial) implements Offer {}

    Optional<Offer> find(String fileHash) {
        if (!serving) {
            return Optional.empty();
        }
        Optional<ContentIndex.Held> whole = index.find(fileHash);
        if (whole.isPresent()) {
            return Optional.of(new Whole(whole.get()));
        }
        synchronized (this) {
            SharedPartial partial = partialsByHash.get(fileHash);
            return Optional.ofNullable(partial).<Offer>map(Partial::new);
        }
    }

    /**
     * A download to {@code target} writes chunks of {@code manifest}, {@code verified} already: shared if it lands in
     * the public drive; null if it is not shared.
     */
    synchronized SharedPartial share(Path target, FileManifest manifest, BitSet verified) {
        Path partial = Drive.partialPathOf(target);
        SharedPartial earlier = partialsByPath.remove(partial);
        if (earlier != null) {
            earlier.withdraw();
            partialsByHash.remove(earlier.manifest().fileHash(), earlier);
        }
        if (!serving || !target.startsWith(drive.root()) || partialsByPath.size() >= MAX_SHARED) {
            return null;
        }
        SharedPartial shared = new SharedPartial(manifest, partial, verified);
        partialsByPath.put(partial, shared);
        partialsByHash.putIfAbsent(manifest.fileHash(), shared);
        return shared;
    }

    /** The download of {@code shared} stops writing for now; its partial file, as it is, stays offered until then. */
    synchronized void withdraw(SharedPartial shared) {
        if (partialsByPath.remove(shared.partial(), shared)) {
            partialsByHash.remove(shared.manifest().fileHash(), shared);
        }
        shared.withdraw();
    }

    /** The public drive's listing changed: its new large files are hashed ahead of their first download. */
    void driveChanged() {
        if (serving) {
            index.scanSoon();
        }
    }

    /** A verified download landed at {@code landed}: in the public drive, it is served whole from now on. */
    void landed(Path landed, FileManifest manifest) {
        if (!landed.startsWith(drive.root())) {
            return;
        }
        try {
            index.add(manifests.remember(drive.nameOf(landed), landed, manifest));
        } catch (IOException e) {
            LOG.debug("{} is not indexed: {}", landed, e.getMessage());
        }
    }
}
