package dev.nectar.ft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code ft --version}: the version and the commit it was built from, as the build recorded them in {@code git.properties}. */
final class BuildVersion implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties build = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("/git.properties")) {
            if (in != null) {
                build.load(in);
            }
        }
        String version = build.getProperty("git.build.version", "unknown");
        String commit = build.getProperty("git.commit.id.abbrev", "");
        String dirty = "true".equals(build.getProperty("git.dirty")) ? " with local changes" : "";
        return new String[] {"ft " + version + (commit.isEmpty() ? " (built outside a git checkout)" : " (commit " + commit + dirty + ")")};
    }
}
