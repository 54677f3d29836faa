package dev.nectar.ft.transfer;

import dev.nectar.ft.vfs.DriveEntry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A drive's files and empty folders sorted by name, kept compact for peers that page through it: the names' UTF-8
 * bytes one after another, where each ends, and the running totals of the sizes and of the files. That is an entry's
 * name in bytes plus 16 bytes per entry (a million files with names of 60 bytes: 76 MB, and up to half as much again
 * unused while it grew), where a list of records would take some 150 bytes more. The entries under a folder sit next
 * to each other in name order, so a folder is a range found by binary search. An empty folder's name ends in '/'.
 */
final class DriveListing {
    private final byte[] names;
    private final int[] ends;
    private final long[] totals;
    private final int[] fileTotals;
    private final int count;

    /** The arrays as the builder grew them, not copied to their used length: a copy would double the peak. */
    private DriveListing(byte[] names, int[] ends, long[] totals, int[] fileTotals, int count) {
        this.names = names;
        this.ends = ends;
        this.totals = totals;
        this.fileTotals = fileTotals;
        this.count = count;
    }

    int count() {
        return count;
    }

    String name(int index) {
        int start = start(index);
        return new String(names, start, ends[index] - start, StandardCharsets.UTF_8);
    }

    long size(int index) {
        return bytesBetween(index, index + 1);
    }

    /** Whether entry {@code index} is an empty folder, not a file. */
    boolean isFolder(int index) {
        return names[ends[index] - 1] == '/';
    }

    /** How many of the entries {@code [from, to)} are files. */
    int filesBetween(int from, int to) {
        return (to == 0 ? 0 : fileTotals[to - 1]) - (from == 0 ? 0 : fileTotals[from - 1]);
    }

    /** The bytes of the files {@code [from, to)}. */
    long bytesBetween(int from, int to) {
        return (to == 0 ? 0 : totals[to - 1]) - (from == 0 ? 0 : totals[from - 1]);
    }

    /** The index of the first file whose name is not before {@code key}, in the order of {@link String#compareTo}. */
    int firstNotBefore(String key) {
        int low = 0;
        int high = count();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (name(middle).compareTo(key) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Receives a file's name as UTF-8 bytes in the listing's own array, with its size. */
    interface NameSink {
        void file(byte[] utf8, int offset, int length, long size);
    }

    void write(int index, NameSink sink) {
        int start = start(index);
        sink.file(names, start, ends[index] - start, size(index));
    }

    private int start(int index) {
        return index == 0 ? 0 : ends[index - 1];
    }

    /** Collects the entries of a walk, which arrive sorted by name. */
    static final class Builder implements Consumer<DriveEntry> {
        private byte[] names = new byte[1 << 12];
        private int[] ends = new int[64];
        private long[] totals = new long[64];
        private int[] fileTotals = new int[64];
        private int count;
        private long total;
        private int files;

        @Override
        public void accept(DriveEntry entry) {
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            int end = count == 0 ? 0 : ends[count - 1];
            if ((long) end + name.length > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("the drive's names take more than 2 GiB; list a folder of it instead");
            }
            // By half again, not double: the old and the new array live together while one is copied.
            if (end + name.length > names.length) {
                names = Arrays.copyOf(names, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(end + name.length, names.length * 3L / 2)));
            }
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 3 / 2);
                totals = Arrays.copyOf(totals, count * 3 / 2);
                fileTotals = Arrays.copyOf(fileTotals, count * 3 / 2);
            }
            System.arraycopy(name, 0, names, end, name.length);
            total += entry.size();
            files += entry.isFolder() ? 0 : 1;
            ends[count] = end + name.length;
            totals[count] = total;
            fileTotals[count] = files;
            count++;
        }

        DriveListing build() {
            return new DriveListing(names, ends, totals, fileTotals, count);
        }
    }
}
