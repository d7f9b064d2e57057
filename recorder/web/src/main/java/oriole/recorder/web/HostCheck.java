package oriole.recorder.web;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The view answers only requests addressed to a name of this machine: a web page elsewhere cannot read it by
 * pointing a name of its own at the view's address (DNS rebinding). Bound to loopback, those names are
 * {@code localhost} and the loopback addresses; bound wider, also the machine's own addresses and host name and
 * the names given with {@code --allow-host} (the name a proxy or a colleague uses).
 */
record HostCheck(Set<String> names, Set<InetAddress> addresses) {

    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9a-f:.]+)\\](?::\\d{1,5})?");
    private static final Pattern NAMED = Pattern.compile("([^:\\[\\]]+)(?::\\d{1,5})?");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    static HostCheck forAddress(InetAddress bound, List<String> allowedNames) {
        Set<String> names = new TreeSet<>(List.of("localhost"));
        Set<InetAddress> addresses = new HashSet<>(List.of(InetAddress.getLoopbackAddress()));
        addresses.add(literal("::1"));
        allowedNames.forEach(name -> names.add(name.strip().toLowerCase(Locale.ROOT)));
        if (!bound.isLoopbackAddress()) {
            addresses.add(bound);
            names.add(bound.getHostAddress());
            if (bound.isAnyLocalAddress()) {
                everyLocalAddress(names, addresses);
            }
            try {
                InetAddress self = InetAddress.getLocalHost();
                names.add(self.getHostName().toLowerCase(Locale.ROOT));
                names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException noName) {
                // the addresses still do
            }
        }
        return new HostCheck(Collections.unmodifiableSet(names), Collections.unmodifiableSet(addresses));
    }

    boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        Matcher bracketed = BRACKETED.matcher(host);
        if (bracketed.matches()) {
            InetAddress address = literal(bracketed.group(1));
            return address != null && addresses.contains(address);
        }
        Matcher named = NAMED.matcher(host);
        if (!named.matches()) {
            return false;
        }
        String name = named.group(1);
        return LOOPBACK_V4.matcher(name).matches() || names.contains(name);
    }

    /** An IPv6 literal as an address (no name lookup: only hex digits, colons and dots reach here), or null. */
    private static InetAddress literal(String text) {
        try {
            return text.contains(":") ? InetAddress.getByName(text) : null;
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private static void everyLocalAddress(Set<String> names, Set<InetAddress> addresses) {
        try {
            for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(face.getInetAddresses())) {
                    addresses.add(address);
                    names.add(address.getHostAddress().replaceFirst("%.*$", ""));
                }
            }
        } catch (SocketException unreadable) {
            // the bound address and the host name remain
        }
    }
}
