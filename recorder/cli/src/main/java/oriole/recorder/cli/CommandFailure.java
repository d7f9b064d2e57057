package oriole.recorder.cli;

/** A command cannot run at all (no database, wrong URL, server down): one line on stderr, exit code 2. */
public final class CommandFailure extends RuntimeException {
    public CommandFailure(String message) {
        super(message);
    }
}
