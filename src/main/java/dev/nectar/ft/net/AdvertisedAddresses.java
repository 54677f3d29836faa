package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Where other nodes can reach a listener: its own address, or every interface's when it listens on all. */
public final class AdvertisedAddresses {
    private AdvertisedAddresses() {}

    public static List<HostPort> of(HostPort listening) {
        InetAddress host = listening.toSocketAddress().getAddress();
        if (host == null || !host.isAnyLocalAddress()) {
            return List.of(listening);
        }
        List<HostPort> addresses = new ArrayList<>();
        List<HostPort> loopback = new ArrayList<>();
        try {
            for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!face.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(face.getInetAddresses())) {
                    if (!(address instanceof Inet4Address) && host instanceof Inet4Address) {
                        continue;
                    }
                    if (address.isLinkLocalAddress()) {
                        continue;
                    }
                    HostPort candidate = new HostPort(address.getHostAddress().replaceAll("%.*$", ""), listening.port());
                    (address.isLoopbackAddress() ? loopback : addresses).add(candidate);
                }
            }
        } catch (SocketException e) {
            return List.of(new HostPort("127.0.0.1", listening.port()));
        }
        // Loopback last: it only helps a node on the same machine.
        addresses.addAll(loopback);
        return addresses.isEmpty() ? List.of(new HostPort("127.0.0.1", listening.port())) : addresses;
    }
}
