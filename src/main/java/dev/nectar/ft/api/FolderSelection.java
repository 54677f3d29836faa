package dev.nectar.ft.api;

import dev.nectar.ft.wire.FileInfo;
import java.util.List;
import java.util.Optional;

/**
 * What a name asks for in a peer's drive: the file of that name, or every file in the folder of that name and the
 * empty folders under it (names without a trailing '/').
 */
record FolderSelection(List<FileInfo> files, List<String> emptyFolders) {
    FolderSelection {
        files = List.copyOf(files);
        emptyFolders = List.copyOf(emptyFolders);
    }

    int size() {
        return files.size() + emptyFolders.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The file named {@code name} in a listing of files only, if it has one. Such a listing names no folders, so what
     * a folder's name selects is read from the folder's pages instead.
     */
    static Optional<FolderSelection> theFile(List<FileInfo> listing, String name) {
        return listing.stream().filter(file -> file.name().equals(name)).findFirst()
                .map(file -> new FolderSelection(List.of(file), List.of()));
    }
}
