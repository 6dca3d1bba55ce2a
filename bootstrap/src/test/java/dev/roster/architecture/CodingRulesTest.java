package dev.roster.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** General coding rules over all main code. */
@AnalyzeClasses(packages = Packages.ROOT,
        importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
class CodingRulesTest {

    @ArchTest
    static final ArchRule no_field_injection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION
            .because("constructor injection makes every dependency visible and every object complete once built");

    @ArchTest
    static final ArchRule no_java_util_logging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("all logs go through SLF4J to one configured backend");

    @ArchTest
    static final ArchRule no_generic_exceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS
            .because("a caller must be able to tell a rejection from a broken store from a bug");

    @ArchTest
    static final ArchRule no_standard_streams = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.roster.bootstrap.Main")
            .should(ACCESS_STANDARD_STREAMS)
            .because("output goes through the logger, so operators can route and filter it; only Main writes to the"
                    + " terminal, once, a generated admin token that log shippers must never receive");
}
