package dev.roster.adapters.redis;

import dev.roster.domain.NodeBoot;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Node boots stored by name (a bucket's boot set, the lease hash's fields); a name that is no boot is passed over. */
final class BootNames {
    private BootNames() {
    }

    static Set<NodeBoot> parse(Collection<String> names) {
        Set<NodeBoot> boots = new HashSet<>();
        for (String name : names) {
            NodeBoot boot = NodeBoot.parse(name);
            if (boot != null) {
                boots.add(boot);
            }
        }
        return boots;
    }
}
