package dev.roster.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slices;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Guards the rules themselves: each package they name holds main classes, so none of them passes empty. */
class NamedPackagesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .withImportOption(new DoNotIncludeTestJars())
                .importPackages(Packages.ROOT);
    }

    static List<String> namedPackages() {
        return Packages.NAMED;
    }

    @ParameterizedTest
    @MethodSource("namedPackages")
    void every_named_package_holds_main_classes(String pattern) {
        assertThat(classes.that(resideInAPackage(pattern)))
                .as("main classes in %s", pattern)
                .isNotEmpty();
    }

    @Test
    void the_adapter_slices_hold_at_least_two_adapters() {
        Slices slices = Slices.matching(Packages.ADAPTER_SLICES).transform(classes);
        assertThat(slices).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void the_adapter_slices_hold_at_least_two_adapters_besides_the_runtime() {
        Slices slices = Slices.matching(Packages.ADAPTER_SLICES)
                .transform(classes.that(not(resideInAPackage(Packages.RUNTIME))));
        assertThat(slices).hasSizeGreaterThanOrEqualTo(2);
    }

    /** The exception the slice rule makes for the runtime is used: both stores run on it. */
    @ParameterizedTest
    @ValueSource(strings = {Packages.MEMORY, Packages.REDIS})
    void each_store_runs_on_the_runtime(String store) {
        assertThat(classes.that(resideInAPackage(store)).stream()
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("dev.roster.adapters.runtime")))
                .as("%s depends on the runtime", store)
                .isTrue();
    }

    @Test
    void no_test_class_is_judged_as_main_code() {
        assertThat(classes.stream()
                .map(c -> c.getSource().map(source -> source.getUri().toString()).orElse(""))
                .filter(uri -> uri.contains("-tests.jar") || uri.contains("/test-classes/")))
                .isEmpty();
    }
}
