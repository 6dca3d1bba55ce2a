package dev.roster.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * Leaves out the test jars other modules publish for their suites (Redis fixtures, port contracts):
 * {@link ImportOption.DoNotIncludeTests} knows test-class folders but not jars, and the rules are about main code.
 */
public final class DoNotIncludeTestJars implements ImportOption {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    @Override
    public boolean includes(Location location) {
        return !location.matches(TEST_JAR);
    }
}
