package dev.roster.architecture;

import java.util.List;

/**
 * Every package the architecture rules name, in one place, so that {@link NamedPackagesTest} can prove each of them
 * holds classes: a rule about an empty package passes without checking anything.
 */
final class Packages {
    static final String ROOT = "dev.roster";
    static final String DOMAIN = "dev.roster.domain..";
    static final String APPLICATION = "dev.roster.application..";
    static final String PORTS_IN = "dev.roster.application.port.in..";
    static final String PORTS_OUT = "dev.roster.application.port.out..";
    static final String ADAPTERS = "dev.roster.adapters..";
    /** What both stores run on; the one adapter the others may depend on. */
    static final String RUNTIME = "dev.roster.adapters.runtime..";
    static final String MEMORY = "dev.roster.adapters.memory..";
    static final String JAVALIN = "dev.roster.adapters.javalin..";
    static final String REDIS = "dev.roster.adapters.redis..";
    /** The calls out to the application's own back end (the room authorization hook). */
    static final String HOOKS = "dev.roster.adapters.hooks..";
    static final String BOOTSTRAP = "dev.roster.bootstrap..";
    /** The web server itself: only this package, not the ones below it. */
    static final String JAVALIN_SERVER = "dev.roster.adapters.javalin";
    static final String JAVALIN_WS = "dev.roster.adapters.javalin.ws..";
    static final String JAVALIN_HTTP = "dev.roster.adapters.javalin.http..";
    static final String JAVALIN_ADMIN = "dev.roster.adapters.javalin.admin..";
    /** Each adapter is one sub-package of this; the slice rule covers any adapter that joins later. */
    static final String ADAPTER_SLICES = "dev.roster.adapters.(*)..";

    static final List<String> NAMED = List.of(DOMAIN, APPLICATION, PORTS_IN, PORTS_OUT, ADAPTERS, RUNTIME, MEMORY,
            JAVALIN, REDIS, HOOKS, BOOTSTRAP, JAVALIN_SERVER, JAVALIN_WS, JAVALIN_HTTP, JAVALIN_ADMIN);

    private Packages() {
    }
}
