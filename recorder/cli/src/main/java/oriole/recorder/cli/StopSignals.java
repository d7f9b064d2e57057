package oriole.recorder.cli;

import sun.misc.Signal;

/**
 * SIGTERM (what ECS, systemd and {@code kill} send) and SIGINT (Ctrl-C) as a request to stop, handled by the
 * command itself: the JVM's default handling starts a shutdown that ends with exit status 143 (130) whatever
 * the command does, while a command that finishes its work and returns exits 0.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void onStop(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stop.run());
        }
    }
}
