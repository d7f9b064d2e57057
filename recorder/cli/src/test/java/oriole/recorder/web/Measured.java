package oriole.recorder.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What the limit tests measured, kept in target/measured.txt for the docs' figures. */
final class Measured {

    private Measured() {
    }

    static synchronized void note(String line) {
        try {
            Files.writeString(Path.of("target", "measured.txt"), line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
