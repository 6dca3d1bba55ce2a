package dev.roster.extending;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * EXTENDING.md, step 7, followed for the test-only publisher: the rule the page gives a new adapter package (what it
 * may see), written as the page writes {@code the_kafka_publisher_implements_outgoing_ports_only}, holds for the
 * publisher, and the same rule catches a class of that package that reaches into another adapter, as does the slice
 * rule every adapter is under. The adapter is test code, so it is imported here by package, where
 * {@code ArchitectureTest} imports main code only.
 */
class AdapterRulesTest {
    /** As {@code Packages.KAFKA} on the page. */
    private static final String JSON_LINES = "dev.roster.adapters.jsonlines..";
    private static final String PORTS_OUT = "dev.roster.application.port.out..";
    private static final String DOMAIN = "dev.roster.domain..";
    private static final String RUNTIME = "dev.roster.adapters.runtime..";
    /** The stand-in for the publisher's client library, as {@code org.apache.kafka..} on the page. */
    private static final String CLIENT_LIBRARY = "dev.roster.extending.broker..";
    private static final Pattern BAD = Pattern.compile(".*/dev/roster/adapters/jsonlines/bad/.*");

    static final ArchRule the_json_lines_publisher_implements_outgoing_ports_only = classes()
            .that().resideInAPackage(JSON_LINES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JSON_LINES, PORTS_OUT, DOMAIN, "java..",
                    CLIENT_LIBRARY, "com.fasterxml.jackson..", "org.slf4j..")
            .allowEmptyShould(false)
            .because("the publisher is a driven adapter: the application hands it batches through EventSink, and it"
                    + " never sees the use cases, the web side or a store");

    /** As {@code ArchitectureTest.adapters_never_depend_on_each_other_but_on_the_runtime}. */
    static final ArchRule adapters_never_depend_on_each_other_but_on_the_runtime = slices()
            .matching("dev.roster.adapters.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAPackage(RUNTIME))
            .because("each adapter plugs into the ports alone");

    @Test
    void the_publisher_keeps_the_rule_the_page_gives_a_new_adapter() {
        JavaClasses publisher = new ClassFileImporter()
                .withImportOption((Location location) -> !location.matches(BAD))
                .importPackages("dev.roster.adapters.jsonlines");

        assertThat(publisher.that(resideInAPackage(JSON_LINES))).as("the publisher's classes").isNotEmpty();
        the_json_lines_publisher_implements_outgoing_ports_only.check(publisher);
    }

    @Test
    void the_same_rule_catches_a_class_of_the_publisher_that_reaches_into_the_web_side() {
        JavaClasses bad = new ClassFileImporter().importPackages("dev.roster.adapters.jsonlines.bad");

        EvaluationResult result = the_json_lines_publisher_implements_outgoing_ports_only.evaluate(bad);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("ReachesIntoTheWebSide") && line.contains("WebUseCases"));
    }

    @Test
    void the_slice_rule_catches_it_too_and_passes_the_publisher() {
        JavaClasses good = new ClassFileImporter()
                .withImportOption((Location location) -> !location.matches(BAD))
                .importPackages("dev.roster.adapters.jsonlines", "dev.roster.adapters.javalin");
        JavaClasses bad = new ClassFileImporter()
                .importPackages("dev.roster.adapters.jsonlines", "dev.roster.adapters.javalin");

        assertThat(adapters_never_depend_on_each_other_but_on_the_runtime.evaluate(good).hasViolation()).isFalse();
        assertThat(adapters_never_depend_on_each_other_but_on_the_runtime.evaluate(bad).hasViolation()).isTrue();
    }
}
