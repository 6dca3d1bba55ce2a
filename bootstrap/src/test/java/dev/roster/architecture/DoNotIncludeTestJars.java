package dev.roster.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * Leaves out the test jars other modules publish for their suites (port contracts) and the test-support module
 * (test Redis servers, fault logs, the WebSocket test client), whose classes are main code of a module only tests
 * use: {@link ImportOption.DoNotIncludeTests} knows test-class folders but neither of these, and the rules are
 * about the product's main code.
 */
public final class DoNotIncludeTestJars implements ImportOption {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");
    private static final Pattern TEST_SUPPORT = Pattern.compile(".*/dev/roster/testsupport/.*");

    @Override
    public boolean includes(Location location) {
        return !location.matches(TEST_JAR) && !location.matches(TEST_SUPPORT);
    }
}
