package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.TransferStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which chunk of one file to ask which source for: the origin (the node asked, which sent the manifest) and any
 * peers that hold some or all of the same file. Pure bookkeeping, no I/O, so that it is tested alone.
 *
 * <ul>
 *   <li>Each source gets a window of chunks in flight sized to its measured rate; all of them together stay under
 *       a cap, since every chunk in flight is a buffer on this node. A source alone whose first chunks show a long
 *       fat link takes the download's whole share, and keeps it if that raised its rate ({@link WindowGrowth}).</li>
 *   <li>Rarest first among a look-ahead of free chunks, from a place of this receiver's own, so that receivers
 *       pulling at once fetch different chunks and then trade them.</li>
 *   <li>The origin is asked only for chunks that no other live source holds or is getting from it: its uplink
 *       carries each chunk about once.</li>
 *   <li>End game: once every missing chunk is asked for, a source other than the origin with room asks again for a
 *       chunk another source has not sent yet; the first copy wins and the other source is told to drop it. Bounded
 *       per download.</li>
 *   <li>A source that stops (sent a bad chunk, went away, stalled) gives its chunks back to the others.</li>
 * </ul>
 */
final class SourceSchedule {
    /** The origin and up to 15 others: enough to spread a file, few enough that each gets a real share. */
    static final int MAX_SOURCES = 16;
    /** Free chunks looked at for the rarest ones: bounds the work per chunk on files of 65,536 chunks. */
    private static final int LOOK_AHEAD = 256;
    /** How long a source's window should keep it busy, at its measured rate. */
    static final double WINDOW_SECONDS = 0.3;
    /** A source with chunks asked for and nothing arriving for this long gives them back. */
    static final long STALL_NANOS = 10_000_000_000L;
    /** Second asks of the end game, per download: bounds the duplicate bytes to this many chunks. */
    static final int MAX_END_GAME_ASKS = 4;

    /** One source of the file; {@code held} null when it holds every chunk. */
    static final class Source {
        private final int slot;
        private Address address;
        private final String name;
        private final boolean origin;
        private BitSet held;
        /** What a source that downloads the file too is getting from the origin now. */
        private BitSet coming = new BitSet();
        private int inFlight;
        private long bytes;
        private double rate;
        private WindowGrowth growth = new WindowGrowth();
        /** The window of the last ask. */
        private WindowGrowth.Window window = WindowGrowth.Window.NONE;
        private long waitingSinceNanos;
        private String stopped;

        private Source(int slot, Address address, String name, boolean origin, BitSet held) {
            this.slot = slot;
            this.address = address;
            this.name = name;
            this.origin = origin;
            this.held = held;
        }

        Address address() {
            return address;
        }

        String name() {
            return name;
        }

        boolean isOrigin() {
            return origin;
        }

        boolean live() {
            return stopped == null;
        }

        int inFlight() {
            return inFlight;
        }

        boolean holds(int chunk) {
            return held == null || held.get(chunk);
        }

        /** True once its link is judged, long and fat (its window keeps the share) or not ({@link WindowGrowth#judged}). */
        boolean linkJudged() {
            return growth.judged();
        }

        /** True if its link was judged long and fat: its window keeps the download's share. */
        boolean longFat() {
            return growth.judged() && growth.grown();
        }
    }

    private final int chunks;
    private final int chunkSize;
    private final BitSet have;
    /** Chunks here or asked for from someone. */
    private final BitSet taken;
    /** Per chunk, the slots of the sources it is asked from. */
    private final long[] askedFrom;
    private final long[] askedAtNanos;
    private final List<Source> sources = new ArrayList<>();
    /** Nodes not taken as sources again for this file: one sent a chunk that failed verification. */
    private final Set<String> refused = new HashSet<>();
    private final int start;
    private final BitSet fromOrigin = new BitSet();
    private BitSet fromOriginShown;
    private long duplicateBytes;
    private int endGameAsks;

    /**
     * @param have  the chunks already here
     * @param start where this receiver begins (random per receiver, so that a swarm spreads)
     */
    SourceSchedule(int chunks, int chunkSize, BitSet have, int start) {
        this.chunks = chunks;
        this.chunkSize = chunkSize;
        this.have = (BitSet) have.clone();
        this.taken = (BitSet) have.clone();
        this.askedFrom = new long[chunks];
        this.askedAtNanos = new long[chunks];
        this.start = chunks == 0 ? 0 : Math.floorMod(start, chunks);
    }

    /**
     * Adds a source; empty if it is known already (live or stopped), its node is refused, or there are
     * {@link #MAX_SOURCES}. A node whose source stopped (its link went, it stalled) and that offers again takes its
     * old place back, with what it sent so far.
     */
    Optional<Source> add(Address address, String name, boolean origin, BitSet held) {
        if (find(address).isPresent() || refused.contains(address.node())) {
            return Optional.empty();
        }
        Optional<Source> returning = sources.stream()
                .filter(known -> !known.origin && !origin && !known.live() && known.address.node().equals(address.node())).findFirst();
        if (returning.isPresent()) {
            Source again = returning.get();
            again.address = address;
            again.held = held == null ? null : (BitSet) held.clone();
            again.coming = new BitSet();
            again.rate = 0;
            again.growth = new WindowGrowth();
            again.stopped = null;
            return returning;
        }
        if (sources.size() >= MAX_SOURCES) {
            return Optional.empty();
        }
        Source source = new Source(sources.size(), address, name, origin, held == null ? null : (BitSet) held.clone());
        sources.add(source);
        return Optional.of(source);
    }

    Optional<Source> find(Address address) {
        return sources.stream().filter(source -> source.address.equals(address)).findFirst();
    }

    /** True if some source other than the origin ever served, or serves, this file: the download is a swarm's. */
    boolean hasOthers() {
        return sources.stream().anyMatch(source -> !source.origin);
    }

    List<Source> live() {
        return sources.stream().filter(Source::live).toList();
    }

    /** A partial source says what it holds now, and what it is getting from the origin. */
    void holding(Source source, BitSet held, BitSet coming) {
        source.held = held == null ? null : (BitSet) held.clone();
        source.coming = (BitSet) coming.clone();
    }

    /** The chunks asked from the origin and not here yet; a new set each time it changed, else the same. */
    BitSet askedFromOrigin() {
        if (fromOriginShown == null) {
            fromOriginShown = (BitSet) fromOrigin.clone();
        }
        return fromOriginShown;
    }

    /** Chunk {@code chunk} is asked from the origin ({@code asked}) or no longer. */
    private void fromOrigin(Source source, int chunk, boolean asked) {
        if (source.origin && fromOrigin.get(chunk) != asked) {
            fromOrigin.set(chunk, asked);
            fromOriginShown = null;
        }
    }

    /**
     * How many chunks may be in flight: from one source on a short link ({@code perSource}) and on a long one
     * ({@code most}), and from all sources together ({@code cap}).
     */
    record Limits(int perSource, int most, int cap) {
        /** Limits under which no source's window grows past the short link's. */
        static Limits shortLink(int perSource, int cap) {
            return new Limits(perSource, perSource, cap);
        }
    }

    /**
     * The chunks to ask {@code source} for now, as ranges, and marks them asked: as many as its window has room for
     * while all sources together stay under the cap of {@code limits}.
     */
    List<ChunkRange> next(Source source, Limits limits, long nowNanos) {
        int room = Math.min(windowOf(source, limits.perSource(), limits.most()) - source.inFlight, limits.cap() - inFlightTotal());
        if (!source.live() || room <= 0) {
            return List.of();
        }
        List<Integer> picks = pick(source, room);
        if (picks.isEmpty() && !source.origin && taken.nextClearBit(0) >= chunks) {
            picks = endGame(source, room);
        }
        if (picks.isEmpty()) {
            return List.of();
        }
        asked(source, picks, nowNanos);
        return ranges(picks);
    }

    /**
     * {@code source} sent {@code ranges} unasked, right behind its manifest: they are in flight under its first window
     * as if asked at {@code askedAtNanos}. Chunks here already are left out.
     */
    void sentAhead(Source source, List<ChunkRange> ranges, Limits limits, long askedAtNanos) {
        windowOf(source, limits.perSource(), limits.most());
        List<Integer> chunks = new ArrayList<>();
        for (ChunkRange range : ranges) {
            for (int chunk = range.from(); chunk < range.to(); chunk++) {
                if (!taken.get(chunk)) {
                    chunks.add(chunk);
                }
            }
        }
        asked(source, chunks, askedAtNanos);
    }

    private void asked(Source source, List<Integer> chunks, long nowNanos) {
        if (source.inFlight == 0) {
            source.waitingSinceNanos = nowNanos;
        }
        for (int chunk : chunks) {
            askedFrom[chunk] |= 1L << source.slot;
            askedAtNanos[chunk] = nowNanos;
            taken.set(chunk);
            source.inFlight++;
            fromOrigin(source, chunk, true);
        }
    }

    /**
     * What the source's rate fills in {@link #WINDOW_SECONDS}, between two and {@code perSource}: two until its first
     * chunk came, so that receivers that start together do not all queue the same chunks at the origin before they
     * find each other. A fast source reaches the whole window at its first chunk; one on a long fat link gets
     * {@code most} while its growth holds. Kept on the source for {@link #arrived}.
     */
    private int windowOf(Source source, int perSource, int most) {
        int byRate = (int) Math.ceil(source.rate * WINDOW_SECONDS / chunkSize);
        int size = source.growth.grown() ? Math.max(perSource, most) : byRate >= perSource ? perSource : Math.max(byRate, 2);
        source.window = new WindowGrowth.Window(size, perSource, most);
        return size;
    }

    private int inFlightTotal() {
        return sources.stream().mapToInt(source -> source.inFlight).sum();
    }

    /** The rarest free chunks {@code source} holds, among a look-ahead from {@link #start}, in the order they come. */
    private List<Integer> pick(Source source, int room) {
        List<Source> others = sources.stream().filter(other -> other.live() && !other.origin).toList();
        boolean alone = others.isEmpty() || others.size() == 1 && others.getFirst() == source;
        List<int[]> candidates = new ArrayList<>();
        int looked = 0;
        // Once around from this receiver's place: start to the end, then the beginning up to start.
        for (int lap = 0; lap < 2 && looked < LOOK_AHEAD; lap++) {
            int end = lap == 0 ? chunks : start;
            for (int chunk = taken.nextClearBit(lap == 0 ? start : 0); chunk < end && looked < LOOK_AHEAD; chunk = taken.nextClearBit(chunk + 1)) {
                looked++;
                // The origin is left what no other source holds or is getting from it: a chunk another receiver is
                // getting comes from that receiver a moment later, and the origin sends it once.
                if (!source.holds(chunk) || source.origin && (heldByAny(others, chunk) || comingAtAny(others, chunk))) {
                    continue;
                }
                candidates.add(new int[] {chunk, alone ? 0 : holders(chunk)});
                if (alone && candidates.size() == room) {
                    return candidates.stream().map(candidate -> candidate[0]).toList();
                }
            }
        }
        return candidates.stream().sorted(Comparator.comparingInt(candidate -> candidate[1])).limit(room)
                .map(candidate -> candidate[0]).toList();
    }

    private static boolean comingAtAny(List<Source> sources, int chunk) {
        for (Source source : sources) {
            if (source.coming.get(chunk)) {
                return true;
            }
        }
        return false;
    }

    private static boolean heldByAny(List<Source> sources, int chunk) {
        for (Source source : sources) {
            if (source.holds(chunk)) {
                return true;
            }
        }
        return false;
    }

    private int holders(int chunk) {
        int count = 0;
        for (Source source : sources) {
            if (source.live() && source.holds(chunk)) {
                count++;
            }
        }
        return count;
    }

    /** Chunks asked from one other source only and not here yet, oldest ask first. */
    private List<Integer> endGame(Source source, int room) {
        int allowed = Math.min(room, MAX_END_GAME_ASKS - endGameAsks);
        if (allowed <= 0) {
            return List.of();
        }
        List<Integer> picks = new ArrayList<>();
        for (int chunk = have.nextClearBit(0); chunk < chunks; chunk = have.nextClearBit(chunk + 1)) {
            long asked = askedFrom[chunk];
            if (Long.bitCount(asked) == 1 && (asked & (1L << source.slot)) == 0 && source.holds(chunk)) {
                picks.add(chunk);
            }
        }
        picks.sort(Comparator.comparingLong(chunk -> askedAtNanos[chunk]));
        List<Integer> chosen = picks.subList(0, Math.min(allowed, picks.size()));
        endGameAsks += chosen.size();
        return List.copyOf(chosen);
    }

    /**
     * Chunk {@code chunk} of {@code length} bytes came from {@code source}: counts toward its rate if it was asked
     * for. Returns false if the chunk is here already (a duplicate, counted).
     */
    boolean arrived(Source source, int chunk, int length, long nowNanos) {
        long bit = 1L << source.slot;
        if ((askedFrom[chunk] & bit) != 0) {
            askedFrom[chunk] &= ~bit;
            source.inFlight--;
            fromOrigin(source, chunk, false);
            long sinceLast = nowNanos - source.waitingSinceNanos;
            double sample = length / Math.max(1e-4, sinceLast / 1e9);
            source.rate = source.rate == 0 ? sample : 0.7 * source.rate + 0.3 * sample;
            source.growth.arrived(length, askedAtNanos[chunk], sinceLast, source.window, nowNanos);
            source.waitingSinceNanos = nowNanos;
        }
        if (have.get(chunk)) {
            duplicateBytes += length;
            return false;
        }
        return true;
    }

    /**
     * Chunk {@code chunk} from {@code source} checked out and is written: returns the other sources it is still
     * asked from, which no longer need to send it.
     */
    List<Source> verified(Source source, int chunk, int length) {
        have.set(chunk);
        taken.set(chunk);
        source.bytes += length;
        List<Source> losers = new ArrayList<>();
        for (Source other : sources) {
            if ((askedFrom[chunk] & (1L << other.slot)) != 0) {
                other.inFlight--;
                losers.add(other);
                fromOrigin(other, chunk, false);
            }
        }
        askedFrom[chunk] = 0;
        return losers;
    }

    /** {@code source} will not send {@code chunk} (it failed verification, or the source lacks it): someone else may. */
    void giveBack(Source source, int chunk) {
        long bit = 1L << source.slot;
        if ((askedFrom[chunk] & bit) != 0) {
            askedFrom[chunk] &= ~bit;
            source.inFlight--;
            fromOrigin(source, chunk, false);
        }
        if (askedFrom[chunk] == 0 && !have.get(chunk)) {
            taken.clear(chunk);
        }
    }

    /** {@code source} is not asked again for this file, for {@code reason}; its chunks go back to the others. */
    void stop(Source source, String reason) {
        if (!source.live()) {
            return;
        }
        source.stopped = reason;
        for (int chunk = 0; chunk < chunks; chunk++) {
            if ((askedFrom[chunk] & (1L << source.slot)) != 0) {
                giveBack(source, chunk);
            }
        }
    }

    /** Node {@code node} is not taken as a source of this file again. */
    void refuse(String node) {
        refused.add(node);
    }

    Set<String> refused() {
        return Set.copyOf(refused);
    }

    /** Live sources with chunks asked for and nothing come for {@link #STALL_NANOS}. */
    List<Source> stalled(long nowNanos) {
        return sources.stream().filter(source -> source.live() && source.inFlight > 0
                && nowNanos - source.waitingSinceNanos > STALL_NANOS).toList();
    }

    /** True if nothing is in flight and a missing chunk has no live source: only a new attempt can go on. */
    boolean stuck() {
        if (inFlightTotal() > 0) {
            return false;
        }
        for (int chunk = have.nextClearBit(0); chunk < chunks; chunk = have.nextClearBit(chunk + 1)) {
            if (holders(chunk) == 0) {
                return true;
            }
        }
        return false;
    }

    long duplicateBytes() {
        return duplicateBytes;
    }

    /** Each source as the status shows it: the origin first. */
    List<TransferStatus.Source> shares() {
        return sources.stream().map(source -> new TransferStatus.Source(source.name, source.bytes,
                source.stopped != null ? source.stopped : source.origin ? TransferStatus.Source.ORIGIN : TransferStatus.Source.ACTIVE)).toList();
    }

    private static List<ChunkRange> ranges(List<Integer> picks) {
        List<Integer> sorted = picks.stream().sorted().toList();
        List<ChunkRange> ranges = new ArrayList<>();
        int from = sorted.getFirst();
        int to = from + 1;
        for (int chunk : sorted.subList(1, sorted.size())) {
            if (chunk == to) {
                to++;
            } else {
                ranges.add(new ChunkRange(from, to));
                from = chunk;
                to = chunk + 1;
            }
        }
        ranges.add(new ChunkRange(from, to));
        return ranges;
    }
}
