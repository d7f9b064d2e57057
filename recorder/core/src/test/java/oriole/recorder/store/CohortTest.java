package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** How a researcher names the two sides of diagnose --compare, and every way of getting it wrong. */
class CohortTest {

    @Test
    void aModelATemperatureOrBoth() {
        assertThat(Cohort.pair("model=claude-3-5-sonnet,model=gpt-4o"))
                .containsExactly(new Cohort("claude-3-5-sonnet", null), new Cohort("gpt-4o", null));
        assertThat(Cohort.pair("model=A+temperature=0.7,model=A+temperature=1.0"))
                .containsExactly(new Cohort("A", new BigDecimal("0.7")), new Cohort("A", new BigDecimal("1.0")));
        assertThat(Cohort.pair("temperature=0.0,temperature=1").get(1).label()).isEqualTo("temperature=1");
        assertThat(new Cohort("A", new BigDecimal("0.7")).label()).isEqualTo("model=A temperature=0.7");
    }

    @Test
    void theRunsWithoutAModelOrATemperatureAreNamedAsTheHeatMapNamesThem() {
        assertThat(Cohort.parse("model=(unknown)+temperature=none")).isEqualTo(new Cohort(null, null, true, true));
        assertThat(Cohort.parse("model=(unknown)+temperature=none").label()).isEqualTo("model=(unknown) temperature=none");
        assertThat(Cohort.parse("model=(unknown)")).as("any temperature").isEqualTo(new Cohort(null, null, true, false));
    }

    @Test
    void aModelsNameMayHoldAPlusOnlyModelAndTemperatureJoinConditions() {
        assertThat(Cohort.parse("model=gpt-4o+tools+temperature=0.7"))
                .isEqualTo(new Cohort("gpt-4o+tools", new BigDecimal("0.7")));
        assertThat(Cohort.parse("model=a+b")).isEqualTo(new Cohort("a+b", null));
        assertThat(Cohort.parse("temperature=1.0 + model=<script>\u202E")).isEqualTo(new Cohort("<script>\u202E",
                new BigDecimal("1.0")));
    }

    @Test
    void aWrongSpellingSaysTheForm() {
        assertThatThrownBy(() -> Cohort.pair("model=A")).hasMessageContaining("two cohorts, e.g. model=A,model=B");
        assertThatThrownBy(() -> Cohort.pair("model=A,model=B,model=C")).hasMessageContaining("two cohorts");
        assertThatThrownBy(() -> Cohort.pair("model=A,colour=blue")).hasMessageContaining("'colour' is neither");
        assertThatThrownBy(() -> Cohort.parse("colour=blue+model=A")).hasMessageContaining("'colour' is neither");
        assertThatThrownBy(() -> Cohort.parse("model=A+temperature=")).hasMessageContaining("model=NAME, temperature=NUMBER");
        assertThatThrownBy(() -> Cohort.pair("model=A,model=")).hasMessageContaining("model=NAME, temperature=NUMBER");
        assertThatThrownBy(() -> Cohort.pair("model=A,temperature=warm")).hasMessageContaining("a number like 0.7");
        assertThatThrownBy(() -> Cohort.pair("model=A,temperature=1e999999999"))
                .as("bounded before it reaches the database").hasMessageContaining("a number like 0.7");
        assertThatThrownBy(() -> Cohort.pair("model=A,model=" + "x".repeat(201))).hasMessageContaining("model=NAME");
    }
}
