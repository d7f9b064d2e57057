package oriole.recorder.cli;

import java.time.Instant;
import oriole.recorder.window.Interval;
import oriole.recorder.window.Moment;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The read model's parsers as picocli converters: a malformed value is one line saying the expected form. */
final class Converters {

    private Converters() {
    }

    static final class IntervalConverter implements ITypeConverter<Interval> {
        @Override
        public Interval convert(String value) {
            try {
                return Interval.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Moment.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
