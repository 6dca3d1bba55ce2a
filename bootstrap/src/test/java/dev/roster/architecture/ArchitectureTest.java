package dev.roster.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The hexagon as rules: what each layer may see, and that frameworks stay at the edge. */
@AnalyzeClasses(packages = Packages.ROOT,
        importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule every_class_lives_in_a_layer = classes()
            .should().resideInAnyPackage(Packages.DOMAIN, Packages.APPLICATION, Packages.ADAPTERS, Packages.BOOTSTRAP)
            .because("a class outside the known layers would escape every rule below");

    @ArchTest
    static final ArchRule domain_depends_on_the_jdk_only = classes()
            .that().resideInAPackage(Packages.DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(Packages.DOMAIN, "java..")
            .because("the presence model is pure: it must be testable and reusable without any framework or port");

    @ArchTest
    static final ArchRule application_depends_on_domain_and_the_jdk_only = classes()
            .that().resideInAPackage(Packages.APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(Packages.APPLICATION, Packages.DOMAIN, "java..")
            .because("use cases talk to the world only through their ports, so any adapter can be swapped in");

    @ArchTest
    static final ArchRule adapters_never_depend_on_each_other_but_on_the_runtime = slices()
            .matching(Packages.ADAPTER_SLICES)
            .should().notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAPackage(Packages.RUNTIME))
            .because("each adapter plugs into the ports alone, so that the stores are interchangeable; only bootstrap"
                    + " puts them together, and the runtime they share holds no store");

    @ArchTest
    static final ArchRule the_runtime_is_no_store_and_sees_no_other_adapter = classes()
            .that().resideInAPackage(Packages.RUNTIME)
            .should().onlyDependOnClassesThat().resideInAnyPackage(Packages.RUNTIME, Packages.PORTS_OUT,
                    Packages.DOMAIN, "java..", "org.slf4j..")
            .because("the clock, the scheduler and the threads run every node alike, whichever store it uses");

    @ArchTest
    static final ArchRule the_hooks_implement_outgoing_ports_only = classes()
            .that().resideInAPackage(Packages.HOOKS)
            .should().onlyDependOnClassesThat().resideInAnyPackage(Packages.HOOKS, Packages.PORTS_OUT,
                    Packages.DOMAIN, "java..", "javax.crypto..", "com.fasterxml.jackson..",
                    "com.github.benmanes.caffeine..", "io.micrometer..", "org.slf4j..")
            .allowEmptyShould(false)
            .because("the hooks are driven adapters: the application asks them through its outgoing ports, and they"
                    + " never see the use cases, the web side or a store");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_bootstrap = noClasses()
            .that().resideInAPackage(Packages.ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage(Packages.BOOTSTRAP)
            .because("wiring depends on the adapters, never the other way round");

    @ArchTest
    static final ArchRule only_bootstrap_uses_guice = noClasses()
            .that().resideOutsideOfPackage(Packages.BOOTSTRAP)
            .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..",
                    "javax.inject..")
            .because("wiring is explicit and lives in one place; the rest is plain constructors");

    @ArchTest
    static final ArchRule no_framework_in_domain_or_application = noClasses()
            .that().resideInAnyPackage(Packages.DOMAIN, Packages.APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.javalin..", "org.eclipse.jetty..", "io.lettuce..", "io.netty..", "com.fasterxml.jackson..",
                    "com.google.inject..", "org.slf4j..", "ch.qos.logback..", "io.micrometer..", "com.nimbusds..")
            .because("frameworks are details of the adapters; the core must outlive a change of any of them");

    @ArchTest
    static final ArchRule incoming_ports_do_not_see_outgoing_adapters = noClasses()
            .that().resideInAPackage(Packages.PORTS_IN)
            .should().dependOnClassesThat().resideInAPackage(Packages.ADAPTERS)
            .because("a use case must not know which adapter calls it");

    @ArchTest
    static final ArchRule outgoing_ports_speak_the_domain_not_the_use_cases = noClasses()
            .that().resideInAPackage(Packages.PORTS_OUT)
            .should().dependOnClassesThat().resideInAPackage(Packages.PORTS_IN)
            .allowEmptyShould(false)
            .because("an outgoing port is implemented by adapters that must not learn what the use cases offer; "
                    + "what both sides share belongs to the domain");

    /** What a class that receives clients' requests may use: the use cases it drives, and nothing of their insides. */
    private static final DescribedPredicate<JavaClass> USE_CASES_DOMAIN_OWN_MODULE_OR_LIBRARIES =
            resideInAnyPackage(Packages.PORTS_IN, Packages.DOMAIN, Packages.JAVALIN)
                    .or(resideOutsideOfPackage(Packages.ROOT + ".."))
                    .as("reside in the incoming ports, the domain or the Javalin adapter, or outside the project "
                            + "(the JDK, libraries)");

    @ArchTest
    static final ArchRule web_entry_points_drive_incoming_ports_only = classes()
            .that().resideInAnyPackage(Packages.JAVALIN_SERVER, Packages.JAVALIN_WS, Packages.JAVALIN_HTTP,
                    Packages.JAVALIN_ADMIN)
            .should().onlyDependOnClassesThat(USE_CASES_DOMAIN_OWN_MODULE_OR_LIBRARIES)
            .allowEmptyShould(false)
            .because("the server, the WebSocket endpoint, the operator API and the operators' console are driving "
                    + "adapters: they are handed the port.in use cases they call and never reach the services or "
                    + "the outgoing ports behind them, so the application can be rewired without touching them");
}
