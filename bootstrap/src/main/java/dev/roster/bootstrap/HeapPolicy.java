package dev.roster.bootstrap;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much free heap the JVM keeps committed after a collection. A node's heap is mostly its connections, which
 * come and go in bursts; with the JVM's defaults (up to 70 % of the heap left free) a node that held 19,000
 * connections kept 2.3 times their heap in memory (12.4 KiB of RSS per connection, against a target of at most 12);
 * at 10 to 30 % it kept 8.5 KiB. Both ratios are manageable flags, so they are set here, at start, unless the
 * command line chose them itself.
 */
final class HeapPolicy {
    static final int MIN_FREE_PERCENT = 10;
    static final int MAX_FREE_PERCENT = 30;
    private static final Logger LOG = LoggerFactory.getLogger(HeapPolicy.class);

    private HeapPolicy() {
    }

    /** Applies the ratios, unless {@code jvmArguments} already name either; true when they were applied. */
    static boolean apply(List<String> jvmArguments) {
        if (jvmArguments.stream().anyMatch(a -> a.contains("HeapFreeRatio"))) {
            return false;
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            // the minimum first: the JVM refuses a maximum below the current minimum (40 by default)
            vm.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
            vm.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
            return true;
        } catch (RuntimeException e) {
            // another JVM, or one that does not let these be set: its own policy stands
            LOG.debug("heap free ratios not set: {}", e.toString());
            return false;
        }
    }

    static boolean apply() {
        return apply(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
