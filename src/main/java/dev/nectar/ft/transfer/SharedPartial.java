package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.WorkerMessage;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A download into the public drive, seen by the workers that serve its verified chunks to a swarm while it runs:
 * its manifest, its partial file, and which chunks are written and verified there. The receiving worker marks
 * each chunk once it is written; serving workers read the partial file through their own channel, opened while
 * it is shared. Withdrawn when the download stops writing (it ends, or an attempt ends): a chunk marked before stays
 * good, since a download that starts over writes a new partial file rather than truncating this one, and a
 * landed one is this file renamed.
 */
final class SharedPartial {
    private final FileManifest manifest;
    private final Path partial;
    private final BitSet verified;
    private BitSet coming = new BitSet();
    /** Nodes that asked this node for the file while it downloads it: they download it too. Bounded by the peers asked. */
    private final Set<String> seekers = new HashSet<>();
    private int version;
    private boolean withdrawn;

    SharedPartial(FileManifest manifest, Path partial, BitSet verified) {
        this.manifest = manifest;
        this.partial = partial;
        this.verified = (BitSet) verified.clone();
    }

    FileManifest manifest() {
        return manifest;
    }

    Path partial() {
        return partial;
    }

    synchronized void verified(int chunk) {
        verified.set(chunk);
        version++;
    }

    /**
     * The chunks this download asks the origin for now: peers leave those to it, and take them from here later. A
     * set given here is not changed after; a new one means a change.
     */
    synchronized void coming(BitSet fromOrigin) {
        if (fromOrigin != coming) {
            coming = fromOrigin;
            version++;
        }
    }

    /** Node {@code node} asked for this file: it downloads it too, so it is worth asking at once. */
    synchronized void sought(String node) {
        if (seekers.size() < SourceSchedule.MAX_SOURCES * 4) {
            seekers.add(node);
        }
    }

    /** The nodes that asked since the last call. */
    synchronized List<String> seekers() {
        List<String> nodes = List.copyOf(seekers);
        seekers.clear();
        return nodes;
    }

    synchronized boolean has(int chunk) {
        return verified.get(chunk);
    }

    /** Changes with every chunk marked: a serving worker offers its holding again when it moved. */
    synchronized int version() {
        return version;
    }

    synchronized WorkerMessage.Holding holding() {
        return new WorkerMessage.Holding(manifest.fileHash(), manifest.chunkCount(), verified, withdrawn ? null : coming);
    }

    /** The download stopped writing to it. */
    synchronized void withdraw() {
        withdrawn = true;
        version++;
    }
}
