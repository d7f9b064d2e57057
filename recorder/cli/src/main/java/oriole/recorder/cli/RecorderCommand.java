package oriole.recorder.cli;

import oriole.recorder.text.ErrorLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar recorder.jar <command>}: the recorder's command-line entry. */
@Command(name = "recorder", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "oriole recorder 1.0",
        description = "Records Step Functions execution status changes in PostgreSQL.",
        subcommands = {MigrateCommand.class, ReplayCommand.class, PollCommand.class, DiagnoseCommand.class, ShowCommand.class, ExportCommand.class,
            PruneCommand.class, SummaryCommand.class, ServeCommand.class, ReportCommand.class,
            ReconcileCommand.class, BackfillCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class RecorderCommand {

    /**
     * The PostgreSQL driver reports some connection failures twice: as the exception each command turns into
     * its one line, and as a java.util.logging record on stderr. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("org.postgresql");

    /** How a user runs this program: hints name it so, not a "recorder" that is on no PATH. */
    public static final String INVOCATION = "java -jar recorder/target/recorder.jar";

    public static final int OK = 0;
    public static final int REJECTED = 1;
    public static final int CANNOT_RUN = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        DRIVER_LOG.setLevel(java.util.logging.Level.OFF);
        CommandLine commandLine = new CommandLine(new RecorderCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String reason = e instanceof CommandFailure ? e.getMessage() : ErrorLine.ofRootCause(e);
            cmd.getErr().println("recorder: " + reason);
            return CANNOT_RUN;
        });
        // A typo'd option or command: the error, the nearest names, and where to look, not the whole usage text.
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            boolean unknownCommand = e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && command.getCommandSpec().root() == command.getCommandSpec() && !unmatched.getUnmatched().isEmpty()
                    && !unmatched.getUnmatched().get(0).startsWith("-");
            command.getErr().println("recorder: " + (unknownCommand
                    ? "no command '" + ((CommandLine.UnmatchedArgumentException) e).getUnmatched().get(0) + "'"
                    : e.getMessage()));
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                command.getErr().println("Did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?");
            }
            command.getErr().println("Try '" + INVOCATION + command.getCommandSpec().qualifiedName()
                    .substring(command.getCommandSpec().root().name().length()) + " --help' for the options.");
            return CANNOT_RUN;
        });
        return commandLine.execute(args);
    }

}
