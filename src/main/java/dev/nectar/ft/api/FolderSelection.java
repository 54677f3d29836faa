package dev.nectar.ft.api;

import dev.nectar.ft.wire.FileInfo;
import java.util.List;

/** Which of a peer's files a name asks for: the file of that name, or every file in the folder of that name. */
final class FolderSelection {
    private FolderSelection() {}

    static List<FileInfo> select(List<FileInfo> available, String name) {
        String folder = name.endsWith("/") ? name : name + "/";
        String file = name.endsWith("/") ? null : name;
        return available.stream()
                .filter(candidate -> candidate.name().equals(file) || candidate.name().startsWith(folder) || folder.equals("/"))
                .toList();
    }
}
