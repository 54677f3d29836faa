package dev.nectar.ft.netns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Separate hosts and LANs on this machine, made of Linux network namespaces that a test creates and deletes
 * itself: a namespace holding a bridge is a LAN, a namespace joined to it by a veth pair is a host with an address
 * in a private range that exists only in there. Nothing is sent on a real interface. Needs root; a test skips
 * without it, except under CI, where it must run.
 */
public final class Namespaces implements AutoCloseable {
    private final String prefix = "ft" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt()});
    private final List<String> namespaces = new ArrayList<>();
    private int links;

    private Namespaces() {}

    /** Namespaces for this test, or a skip with the reason when this machine cannot make them (and CI is not set). */
    public static Namespaces create() throws Exception {
        boolean ci = System.getenv("CI") != null;
        boolean root = "root".equals(System.getProperty("user.name"));
        Namespaces made = new Namespaces();
        boolean works = root && made.tryRun("ip", "netns", "add", made.prefix + "-probe");
        if (works) {
            made.tryRun("ip", "netns", "del", made.prefix + "-probe");
        }
        assumeTrue(ci || works, "network namespaces cannot be made here (needs root and iproute2)");
        if (!works) {
            throw new IllegalStateException("CI is set, but network namespaces cannot be made: run as root with iproute2");
        }
        return made;
    }

    /** The namespace's full name, for {@code ip netns exec}. */
    public String name(String shortName) {
        return prefix + "-" + shortName;
    }

    /** A LAN: a namespace with a bridge {@code br0} in it. */
    public void lan(String lan) throws Exception {
        addNamespace(lan);
        run("ip", "-n", name(lan), "link", "add", "br0", "type", "bridge");
        run("ip", "-n", name(lan), "link", "set", "br0", "up");
    }

    /** A host on {@code lan} with {@code address} (CIDR) on its interface {@code eth0}. */
    public void host(String host, String lan, String address) throws Exception {
        addNamespace(host);
        String outer = prefix + "v" + links;
        String inner = prefix + "w" + links++;
        run("ip", "link", "add", outer, "type", "veth", "peer", "name", inner);
        run("ip", "link", "set", outer, "netns", name(lan));
        run("ip", "link", "set", inner, "netns", name(host));
        run("ip", "-n", name(lan), "link", "set", outer, "master", "br0");
        run("ip", "-n", name(lan), "link", "set", outer, "up");
        run("ip", "-n", name(host), "link", "set", inner, "name", "eth0");
        run("ip", "-n", name(host), "addr", "add", address, "dev", "eth0");
        run("ip", "-n", name(host), "link", "set", "eth0", "up");
        // Multicast and the LAN need no more: there is no default route, so nothing leaves the LAN.
        run("ip", "-n", name(host), "route", "add", "224.0.0.0/4", "dev", "eth0");
    }

    /** A host with nothing but its loopback, to be joined to others by {@link #cable}. */
    public void machine(String host) throws Exception {
        addNamespace(host);
    }

    /**
     * A point-to-point link between two hosts: interface {@code to-B} in {@code a} with {@code aAddress}, and
     * {@code to-A} in {@code b} with {@code bAddress} (CIDR, in a range used only in here). No host forwards.
     */
    public void cable(String a, String aAddress, String b, String bAddress) throws Exception {
        String outer = prefix + "v" + links;
        String inner = prefix + "w" + links++;
        run("ip", "link", "add", outer, "type", "veth", "peer", "name", inner);
        run("ip", "link", "set", outer, "netns", name(a));
        run("ip", "link", "set", inner, "netns", name(b));
        run("ip", "-n", name(a), "link", "set", outer, "name", "to-" + b);
        run("ip", "-n", name(b), "link", "set", inner, "name", "to-" + a);
        run("ip", "-n", name(a), "addr", "add", aAddress, "dev", "to-" + b);
        run("ip", "-n", name(b), "addr", "add", bAddress, "dev", "to-" + a);
        run("ip", "-n", name(a), "link", "set", "to-" + b, "up");
        run("ip", "-n", name(b), "link", "set", "to-" + a, "up");
    }

    /** One more address on {@code host}'s loopback: an address of the host itself, not of one of its links. */
    public void loopbackAddress(String host, String address) throws Exception {
        run("ip", "-n", name(host), "addr", "add", address, "dev", "lo");
    }

    /** In {@code host}, packets for {@code destination} go to {@code via}. */
    public void route(String host, String destination, String via) throws Exception {
        run("ip", "-n", name(host), "route", "add", destination, "via", via);
    }

    /** What {@code host} sends out of {@code device} is held to {@code rate} (tc's syntax, such as 64mbit). */
    public void limitRate(String host, String device, String rate) throws Exception {
        run("ip", "netns", "exec", name(host), "tc", "qdisc", "add", "dev", device, "root", "tbf", "rate", rate,
                "burst", "64kb", "latency", "200ms");
    }

    /** Gives {@code host}'s interface another address instead of {@code from}: the host moved. */
    public void readdress(String host, String from, String to) throws Exception {
        run("ip", "-n", name(host), "addr", "del", from, "dev", "eth0");
        run("ip", "-n", name(host), "addr", "add", to, "dev", "eth0");
        run("ip", "-n", name(host), "route", "replace", "224.0.0.0/4", "dev", "eth0");
    }

    /**
     * Brings {@code host}'s interface down and up again with duplicate address detection of {@code seconds}: for that
     * long its IPv6 link-local address is tentative and nothing can be sent from it, as right after a link comes up.
     */
    public void relinkWithSlowAddressDetection(String host, int seconds) throws Exception {
        run("ip", "netns", "exec", name(host), "sysctl", "-q", "-w", "net.ipv6.conf.eth0.dad_transmits=" + seconds);
        run("ip", "netns", "exec", name(host), "sysctl", "-q", "-w", "net.ipv6.neigh.eth0.retrans_time_ms=1000");
        run("ip", "-n", name(host), "link", "set", "eth0", "down");
        run("ip", "-n", name(host), "link", "set", "eth0", "up");
        run("ip", "-n", name(host), "route", "replace", "224.0.0.0/4", "dev", "eth0");
    }

    /** Gives {@code host}'s interface {@code address}, as a network it joins would. */
    public void addIpv4(String host, String address) throws Exception {
        run("ip", "-n", name(host), "addr", "add", address, "dev", "eth0");
        run("ip", "-n", name(host), "route", "replace", "224.0.0.0/4", "dev", "eth0");
    }

    /** Takes {@code host}'s IPv4 address away: only its IPv6 link-local address is left. */
    public void removeIpv4(String host, String address) throws Exception {
        run("ip", "-n", name(host), "addr", "del", address, "dev", "eth0");
    }

    /** A command line that runs {@code command} inside {@code host}. */
    public List<String> in(String host, List<String> command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", name(host)));
        line.addAll(command);
        return line;
    }

    private void addNamespace(String shortName) throws Exception {
        run("ip", "netns", "add", name(shortName));
        namespaces.add(name(shortName));
        run("ip", "-n", name(shortName), "link", "set", "lo", "up");
    }

    private boolean tryRun(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    private void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }

    /** Deletes every namespace, and with them their interfaces and whatever still runs in them is cut off. */
    @Override
    public void close() throws Exception {
        for (String namespace : namespaces.reversed()) {
            Process pids = new ProcessBuilder("ip", "netns", "pids", namespace).start();
            for (String pid : new String(pids.getInputStream().readAllBytes()).split("\\s+")) {
                if (!pid.isBlank()) {
                    tryRun("kill", "-9", pid);
                }
            }
            pids.waitFor(10, TimeUnit.SECONDS);
            tryRun("ip", "netns", "del", namespace);
        }
    }
}
