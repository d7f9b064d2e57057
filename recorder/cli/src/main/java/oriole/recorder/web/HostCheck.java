package oriole.recorder.web;

import java.net.InetAddress;
import java.util.Locale;

/**
 * Bound to this machine, the view answers only requests addressed to this machine's names: a web page elsewhere
 * cannot read it by pointing a name of its own at 127.0.0.1 (DNS rebinding). Bound wider, any name goes: whatever
 * stands in front of it decides.
 */
record HostCheck(boolean loopbackOnly) {

    static HostCheck forAddress(InetAddress bound) {
        return new HostCheck(bound.isLoopbackAddress());
    }

    boolean allows(String hostHeader) {
        if (!loopbackOnly) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return host.startsWith("[::1]");
        }
        int port = host.lastIndexOf(':');
        String name = port < 0 ? host : host.substring(0, port);
        return name.equals("localhost") || name.matches("127(\\.\\d{1,3}){3}");
    }
}
