package oriole.recorder.cli;

import oriole.recorder.text.ErrorLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar recorder.jar <command>}: the recorder's command-line entry. */
@Command(name = "recorder", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "oriole recorder 1.0",
        description = "Records Step Functions execution status changes in PostgreSQL.",
        subcommands = {MigrateCommand.class, ReplayCommand.class, PollCommand.class, DiagnoseCommand.class, ShowCommand.class, ExportCommand.class,
            PruneCommand.class, ServeCommand.class, ReportCommand.class,
            ReconcileCommand.class, BackfillCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class RecorderCommand {

    /**
     * The PostgreSQL driver reports some connection failures twice: as the exception each command turns into
     * its one line, and as a java.util.logging record on stderr. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("org.postgresql");

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
        // A typo'd option: the error and where to look, not the whole usage text.
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("recorder: " + e.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
            return CANNOT_RUN;
        });
        return commandLine.execute(args);
    }

}
