package io.concertsale.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Helm's strict lint passes for every chart, with its own values and with each variant's. */
class ChartLintTest {

    static Stream<Arguments> chartsAndVariants() {
        return Charts.INSTALLABLE.stream().flatMap(chart -> Stream.of(Variant.values())
                .filter(variant -> variant.appliesTo(chart))
                .map(variant -> Arguments.of(chart, variant)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("chartsAndVariants")
    void passesStrictLint(String chart, Variant variant) {
        LintResult result = Charts.lint(chart, variant);

        assertThat(result.isFailed()).as("helm lint --strict %s (%s):%n%s", chart, variant,
                String.join("\n", result.getMessages())).isFalse();
    }
}
