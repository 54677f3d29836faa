package dev.nectar.ft.vfs;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * What went wrong with a file, for a one-line error. Java's file exceptions say the path and the system's reason
 * ("/mnt/usb/music: Read-only file system"), but the commonest ones the path alone ("/etc/passwd", when it was to be
 * a folder): those get the system's words back here, as `ls` and `cp` say them, and the path the sentence around
 * names already is not said twice.
 */
public final class FileProblem {
    private FileProblem() {}

    /** The problem, with the path it concerns. */
    public static String describe(Exception e) {
        return describe(e, null);
    }

    /** The problem, with the path it concerns unless that is {@code named}, which the caller's sentence says. */
    public static String describe(Exception e, Path named) {
        if (!(e instanceof FileSystemException problem)) {
            // An interrupted write says nothing but its kind.
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String words = problem.getReason() != null ? problem.getReason() : wordsFor(problem);
        String file = problem.getFile();
        if (file == null || problem.getOtherFile() == null && named != null && file.equals(named.toString())) {
            return words;
        }
        return file + (problem.getOtherFile() == null ? "" : " -> " + problem.getOtherFile()) + ": " + words;
    }

    private static String wordsFor(FileSystemException problem) {
        return switch (problem) {
            case NoSuchFileException missing -> "No such file or directory";
            case AccessDeniedException denied -> "Permission denied";
            case FileAlreadyExistsException exists -> "File exists";
            case NotDirectoryException file -> "Not a directory";
            case DirectoryNotEmptyException full -> "Directory not empty";
            default -> problem.getClass().getSimpleName();
        };
    }
}
