package oriole.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Without the validator a laptop skips the test and says how to install it; CI fails it. */
class AslValidatorTest {

    static final Path NOT_INSTALLED = Path.of("asl", "no-such-dir", "asl-validator.js");

    @Test
    void aLaptopWithoutTheValidatorSkipsWithTheReason() {
        assertThatThrownBy(() -> AslValidator.assertValid(NOT_INSTALLED, false, "{}", "any"))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("npm ci --prefix infra/asl");
    }

    @Test
    void ciWithoutTheValidatorFails() {
        assertThatThrownBy(() -> AslValidator.assertValid(NOT_INSTALLED, true, "{}", "any"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("in CI the validator must run");
    }
}
