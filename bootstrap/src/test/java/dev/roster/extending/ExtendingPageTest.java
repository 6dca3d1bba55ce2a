package dev.roster.extending;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code docs/EXTENDING.md} to the code it walks through: every repository path, every {@code dev.roster}
 * class or package, and every project class (with the member it names, as in {@code HooksModule.eventSink}) that
 * the page writes as code exists, so that a rename cannot leave the page telling a newcomer to open a file that is
 * gone. What the page proposes to create (a Kafka, NATS or gRPC adapter, a {@code <name>} placeholder) and what comes
 * from the JDK or a broker's library is told apart and left out.
 */
class ExtendingPageTest {
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** The adapters the page proposes: their files and classes do not exist, and need not. */
    private static final Pattern PROPOSED = Pattern.compile("(?i)kafka|nats|grpc|<");
    private static final Pattern PROPOSED_ADAPTER = Pattern.compile("(?i)kafka|nats|grpc");
    private static final Pattern TOP = Pattern.compile("(adapters|application|bootstrap|domain|docs|bench)/.*");
    private static final Pattern FILE_NAME = Pattern.compile("[\\w.-]+\\.(java|xml|md|yaml)");
    private static final Pattern QUALIFIED = Pattern.compile("dev\\.roster(\\.[\\w]+)*(\\.\\.)?");
    private static final Pattern PORT = Pattern.compile("port\\.(in|out)(\\.\\w+)?");
    /** A type, and the member it names, if any: {@code Config.names()}, {@code UseCases#readEvents()}. */
    private static final Pattern TYPE = Pattern.compile(
            "([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:[.#]([A-Za-z_]\\w*))?(?:[(<\\s].*)?");
    /** Types of the JDK or of a broker's library that the page names, and the packages the JDK's are in. */
    private static final Set<String> LIBRARY_TYPES = Set.of("KafkaProducer", "RecordTooLargeException",
            "AuthorizationException", "InvalidTopicException", "JetStreamApiException", "PublishAck");
    private static final List<String> JDK_PACKAGES = List.of("java.lang.", "java.util.", "java.util.concurrent.",
            "java.io.", "java.net.http.", "java.security.", "java.time.");
    private static final Set<String> OBJECT_METHODS = Set.of("toString", "equals", "hashCode");

    private static Path root;
    private static List<String> code;
    private static Map<String, Path> sources;

    @BeforeAll
    static void readThePage() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root, holding mvnw").isNotNull();
        root = dir;
        code = inlineCode(Files.readString(root.resolve("docs/EXTENDING.md")));
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/") && !f.toString().contains("/target/"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString().replace(".java", ""), f -> f,
                            (a, b) -> a, TreeMap::new));
        }
    }

    /** The page's inline code, outside its fenced blocks; a span may run over a line break. */
    static List<String> inlineCode(String markdown) {
        Matcher spans = CODE.matcher(FENCE.matcher(markdown).replaceAll(""));
        List<String> found = new ArrayList<>();
        while (spans.find()) {
            found.add(spans.group(1).replaceAll("\\s+", " ").trim());
        }
        return found;
    }

    @Test
    void the_page_names_paths_classes_and_packages_at_all() {
        assertThat(code).as("inline code on the page").hasSizeGreaterThan(100);
        assertThat(code).contains("adapters/hooks/src/main/java/dev/roster/adapters/hooks/WebhookSink.java",
                "dev.roster.domain.LoggedEvent", "HooksModule.eventSink");
    }

    @Test
    void every_path_the_page_names_exists() {
        List<String> missing = new ArrayList<>();
        for (String span : new LinkedHashSet<>(code)) {
            if (span.contains(" ") || PROPOSED.matcher(span).find()) {
                continue;
            }
            if (TOP.matcher(span).matches()) {
                if (!Files.exists(root.resolve(span))) {
                    missing.add(span);
                }
            } else if (FILE_NAME.matcher(span).matches() && !span.startsWith("dev.")) {
                if (!Files.exists(root.resolve(span)) && !Files.exists(root.resolve("docs").resolve(span))
                        && !sources.containsKey(span.replace(".java", ""))) {
                    missing.add(span);
                }
            }
        }
        assertThat(missing).as("paths on docs/EXTENDING.md that are not in the repository").isEmpty();
    }

    @Test
    void every_dev_roster_class_and_package_the_page_names_exists() {
        List<String> missing = new ArrayList<>();
        for (String span : new LinkedHashSet<>(code)) {
            if (PROPOSED.matcher(span).find() || span.contains("(*)")) {
                continue;
            }
            Matcher port = PORT.matcher(span);
            String name = QUALIFIED.matcher(span).matches() ? span
                    : port.matches() ? "dev.roster.application." + span : null;
            if (name != null && !resolves(name.replaceAll("\\.\\.$", ""))) {
                missing.add(span);
            }
        }
        assertThat(missing).as("dev.roster classes and packages on docs/EXTENDING.md that do not exist").isEmpty();
    }

    @Test
    void every_project_type_and_member_the_page_names_exists() {
        List<String> missing = new ArrayList<>();
        for (String span : new LinkedHashSet<>(code)) {
            Matcher type = TYPE.matcher(span);
            if (!type.matches() || PROPOSED_ADAPTER.matcher(span).find()) {
                continue;
            }
            String name = type.group(1);
            String member = type.group(2);
            Path source = sources.get(name);
            if (source == null) {
                if (!LIBRARY_TYPES.contains(name) && jdkType(name).isEmpty()) {
                    missing.add(span + " (no such type)");
                }
            } else if (member != null && !OBJECT_METHODS.contains(member)
                    && !Pattern.compile("\\b" + member + "\\b").matcher(read(source)).find()) {
                missing.add(span + " (" + name + " has no " + member + ")");
            }
        }
        assertThat(missing).as("types and members on docs/EXTENDING.md that are not in the code").isEmpty();
    }

    @Test
    void a_renamed_class_a_lost_member_and_a_moved_file_would_be_caught() {
        List<String> spans = inlineCode("See `HooksModule.eventSinks`, `NoSuchModule` and\n`bootstrap/src/"
                + "main/java/dev/roster/bootstrap/Gone.java`, but not `KafkaModule`.\n```\n`Fenced`\n```\n");

        assertThat(spans).containsExactly("HooksModule.eventSinks", "NoSuchModule",
                "bootstrap/src/main/java/dev/roster/bootstrap/Gone.java", "KafkaModule");
        assertThat(read(sources.get("HooksModule"))).doesNotContainPattern("\\beventSinks\\b");
        assertThat(sources).doesNotContainKey("NoSuchModule");
        assertThat(jdkType("NoSuchModule")).isEmpty();
        assertThat(root.resolve(spans.get(2))).doesNotExist();
        assertThat(PROPOSED.matcher(spans.get(3)).find()).isTrue();
    }

    /** A class or package of the project, found as a source file or a source directory of some module. */
    private static boolean resolves(String qualified) {
        String path = qualified.replace('.', '/');
        try (Stream<Path> roots = sourceRoots()) {
            return roots.anyMatch(src -> Files.isDirectory(src.resolve(path))
                    || Files.exists(src.resolve(path + ".java"))
                    || nested(src, path));
        }
    }

    /** {@code dev/roster/.../Outer/Inner}: the outer class's file. */
    private static boolean nested(Path src, String path) {
        int last = path.lastIndexOf('/');
        return last > 0 && Character.isUpperCase(path.charAt(last + 1))
                && Files.exists(src.resolve(path.substring(0, last) + ".java"));
    }

    private static Stream<Path> sourceRoots() {
        return sources.values().stream()
                .map(Path::toString)
                .map(f -> f.substring(0, f.indexOf("/java/") + "/java".length()))
                .distinct()
                .map(Path::of);
    }

    private static Optional<Class<?>> jdkType(String name) {
        for (String pkg : JDK_PACKAGES) {
            try {
                return Optional.of(Class.forName(pkg + name, false, ClassLoader.getPlatformClassLoader()));
            } catch (ClassNotFoundException e) {
                // not in this package
            }
        }
        return Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
