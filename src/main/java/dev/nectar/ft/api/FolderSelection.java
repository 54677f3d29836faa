package dev.nectar.ft.api;

import dev.nectar.ft.wire.FileInfo;
import java.util.List;

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

    /** Whether {@code name} selects the one file of that name. */
    boolean isTheFile(String name) {
        return emptyFolders.isEmpty() && files.size() == 1 && files.getFirst().name().equals(name);
    }

    /** The files {@code name} selects in a listing of files only, which names no folders. */
    static List<FileInfo> filesOf(List<FileInfo> available, String name) {
        String folder = name.endsWith("/") ? name : name + "/";
        String file = name.endsWith("/") ? null : name;
        return available.stream()
                .filter(candidate -> candidate.name().equals(file) || candidate.name().startsWith(folder) || folder.equals("/"))
                .toList();
    }
}
