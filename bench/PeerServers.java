import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * sshd and nginx (HTTPS, TLS 1.3) serving a folder on one address, with host keys, a client key and a certificate of
 * their own: the servers of the tools ft is compared with, for the benchmarks that need more than
 * ../shared/bench/baseline.sh gives (another host, or the servers' CPU). {@code prefix} runs them elsewhere, for
 * example {@code ip netns exec NAME}.
 */
final class PeerServers implements AutoCloseable {
    private final Path clientKey;
    private final Process sshd;
    private final Process nginx;

    private PeerServers(Path clientKey, Process sshd, Process nginx) {
        this.clientKey = clientKey;
        this.sshd = sshd;
        this.nginx = nginx;
    }

    static PeerServers start(Path work, Path data, String host, int sshPort, int httpsPort, List<String> prefix) throws Exception {
        Files.createDirectories(work);
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", work.resolve("host_key").toString());
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", work.resolve("client_key").toString());
        Files.copy(work.resolve("client_key.pub"), work.resolve("authorized_keys"));
        Files.writeString(work.resolve("sshd_config"), String.join("\n", "Port " + sshPort, "ListenAddress " + host,
                "HostKey " + work.resolve("host_key"), "AuthorizedKeysFile " + work.resolve("authorized_keys"), "StrictModes no",
                "PermitRootLogin prohibit-password", "PasswordAuthentication no", "UsePAM no",
                "PidFile " + work.resolve("sshd.pid"), "Subsystem sftp internal-sftp", ""));
        Files.createDirectories(Path.of("/run/sshd"));
        Commands.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", work.resolve("tls.key").toString(), "-out", work.resolve("tls.crt").toString(), "-days", "2", "-subj", "/CN=localhost");
        Files.writeString(work.resolve("nginx.conf"), "user " + System.getProperty("user.name") + "; worker_processes 1; daemon off; pid "
                + work.resolve("nginx.pid") + "; error_log " + work.resolve("nginx.err") + ";\nevents { worker_connections 64; }\n"
                + "http { access_log off; sendfile on;\n  server { listen " + host + ":" + httpsPort + " ssl; ssl_protocols TLSv1.3; "
                + "ssl_certificate " + work.resolve("tls.crt") + "; ssl_certificate_key " + work.resolve("tls.key") + "; root " + data + "; } }\n");
        Process sshd = start(prefix, work.resolve("sshd.log"), "/usr/sbin/sshd", "-D", "-f", work.resolve("sshd_config").toString());
        Process nginx = start(prefix, work.resolve("nginx.log"), "/usr/sbin/nginx", "-c", work.resolve("nginx.conf").toString());
        // Both answer within a moment; a tool that starts before them fails its first copy loudly.
        Thread.sleep(1000);
        return new PeerServers(work.resolve("client_key"), sshd, nginx);
    }

    private static Process start(List<String> prefix, Path log, String... command) throws IOException {
        List<String> line = new ArrayList<>(prefix);
        line.addAll(List.of(command));
        return new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The options of ssh, scp and rsync's ssh for these servers (the port aside). */
    List<String> sshOptions() {
        return List.of("-i", clientKey.toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-c", "aes128-gcm@openssh.com");
    }

    /** CPU seconds nginx spent so far: its master and its workers. */
    double nginxCpuSeconds() throws IOException {
        double seconds = ProcessCpu.withReapedChildren(nginx.pid());
        for (ProcessHandle worker : nginx.toHandle().children().toList()) {
            seconds += ProcessCpu.of(worker.pid());
        }
        return seconds;
    }

    /**
     * CPU seconds sshd spent so far, the sessions it ran and reaped included; waits until it has no session left,
     * so that the last one's time is counted.
     */
    double sshdCpuSeconds() throws Exception {
        for (int waited = 0; sshd.toHandle().children().findAny().isPresent() && waited < 100; waited++) {
            Thread.sleep(50);
        }
        return ProcessCpu.withReapedChildren(sshd.pid());
    }

    @Override
    public void close() throws InterruptedException {
        for (Process server : List.of(sshd, nginx)) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
