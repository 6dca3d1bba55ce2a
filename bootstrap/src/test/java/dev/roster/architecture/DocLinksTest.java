package dev.roster.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's Markdown documents stand on their own: every relative link names a file or folder of the
 * repository (and, into a Markdown file, a heading it has), nothing points outside the repository, and a web link
 * goes only to well-known public documentation. A reader who clones the repository can follow every link.
 */
class DocLinksTest {
    /**
     * Hosts a document may link to: the node a reader starts locally, and the public documentation of the
     * standards and libraries Roster builds on.
     */
    static final Set<String> ALLOWED_HOSTS = Set.of(
            "localhost", "127.0.0.1",
            "datatracker.ietf.org", "www.rfc-editor.org", "html.spec.whatwg.org", "developer.mozilla.org",
            "www.asyncapi.com", "prometheus.io", "redis.io", "javalin.io", "jetty.org", "eclipse.dev",
            "lettuce.io", "github.com", "maven.apache.org", "docs.oracle.com", "openjdk.org", "junit.org",
            "www.archunit.org", "assertj.github.io", "jwt.io", "kubernetes.io", "adr.github.io");

    /**
     * Text that points at files outside the repository wherever it appears in a document, link or not: a path on
     * somebody's machine means nothing to a reader of the repository.
     */
    static final List<Pattern> OUTSIDE_TEXT = List.of(
            Pattern.compile("(?<![\\w.:/-])/(?:work|tmp|home|root|Users|mnt)/[\\w.-]+"));

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*(<[^>]*>|[^)\\s]*)(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|ftp|file)://[^>\\s]+)>");
    private static final Pattern BARE_URL = Pattern.compile("(?<![(<\\w])((?:https?|file)://[^\\s)>\\]`]+)");
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern ATX_HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^\\s{0,3}(=+|-+)\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    @Test
    void every_link_of_every_document_resolves_inside_the_repository() {
        Path root = repositoryRoot();
        List<Path> documents = markdownFiles(root);
        assertThat(documents).as("Markdown documents under %s", root).isNotEmpty();

        List<String> problems = new DocLinks(root).check(documents);

        assertThat(problems).as("broken or outside links in the repository's documents").isEmpty();
    }

    @Test
    void a_broken_link_an_unknown_heading_and_a_way_out_are_each_reported(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("mvnw"), "");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/GUIDE.md"), "# Guide\n\n## Ports and `HTTP` paths\n\ntext\n");
        Files.writeString(root.resolve("README.md"), String.join("\n",
                "# Demo",
                "[fine](docs/GUIDE.md) [anchor](docs/GUIDE.md#ports-and-http-paths) [here](#demo)",
                "[missing](docs/NOPE.md) [no heading](docs/GUIDE.md#nowhere) [self](#gone)",
                "[escape](../elsewhere.md) [web](https://example.com/page) see /home/someone/notes.md",
                "`[in code](not/checked.md)`",
                "```",
                "[in a fence](not/checked/either.md)",
                "```",
                ""));

        List<String> problems = new DocLinks(root).check(markdownFiles(root));

        assertThat(problems).hasSize(6)
                .anySatisfy(p -> assertThat(p).contains("docs/NOPE.md"))
                .anySatisfy(p -> assertThat(p).contains("#nowhere"))
                .anySatisfy(p -> assertThat(p).contains("#gone"))
                .anySatisfy(p -> assertThat(p).contains("../elsewhere.md"))
                .anySatisfy(p -> assertThat(p).contains("example.com"))
                .anySatisfy(p -> assertThat(p).contains("/home/someone"));
    }

    @Test
    void headings_become_anchors_as_github_makes_them() {
        assertThat(DocLinks.slug("Connecting: `GET /ws`")).isEqualTo("connecting-get-ws");
        assertThat(DocLinks.slug("1. Hexagonal layout in Maven modules")).isEqualTo("1-hexagonal-layout-in-maven-modules");
        assertThat(DocLinks.slug("Errors (HTTP API) & codes")).isEqualTo("errors-http-api--codes");
        assertThat(DocLinks.slug("[Link text](x.md) and **bold**")).isEqualTo("link-text-and-bold");
        assertThat(DocLinks.slug("snake_case stays")).isEqualTo("snake_case-stays");
    }

    /** The directory that holds {@code mvnw}, found by walking up from where the build runs. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a directory holding mvnw above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    /** Every {@code *.md} file of the repository, leaving out build output and hidden directories. */
    static List<Path> markdownFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files
                    .filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p))
                    .filter(p -> root.relativize(p).toString().isEmpty() || !skipped(root.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Checks the links of Markdown documents against the files of one repository. */
    static final class DocLinks {
        private final Path root;
        private final Map<Path, Set<String>> anchors = new HashMap<>();

        DocLinks(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        List<String> check(List<Path> documents) {
            List<String> problems = new ArrayList<>();
            for (Path document : documents) {
                checkDocument(document.toAbsolutePath().normalize(), problems);
            }
            return problems;
        }

        private void checkDocument(Path document, List<String> problems) {
            List<String> lines = read(document);
            String name = root.relativize(document).toString();
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = name + ":" + (i + 1);
                for (Pattern outside : OUTSIDE_TEXT) {
                    Matcher m = outside.matcher(line);
                    if (m.find()) {
                        problems.add(where + ": names material outside the repository (" + m.group() + ")");
                    }
                }
                if (FENCE.matcher(line).find()) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                String prose = CODE_SPAN.matcher(line).replaceAll(" ");
                Matcher inline = INLINE_LINK.matcher(prose);
                while (inline.find()) {
                    checkTarget(document, where, unbracket(inline.group(2)), problems);
                }
                Matcher auto = AUTOLINK.matcher(prose);
                while (auto.find()) {
                    checkTarget(document, where, auto.group(1), problems);
                }
                Matcher bare = BARE_URL.matcher(INLINE_LINK.matcher(AUTOLINK.matcher(prose).replaceAll(" "))
                        .replaceAll(" "));
                while (bare.find()) {
                    checkTarget(document, where, bare.group(1), problems);
                }
                Matcher reference = REFERENCE.matcher(prose);
                if (reference.find()) {
                    checkTarget(document, where, unbracket(reference.group(1)), problems);
                }
            }
        }

        private void checkTarget(Path document, String where, String target, List<String> problems) {
            if (target.isEmpty()) {
                problems.add(where + ": empty link");
                return;
            }
            String scheme = scheme(target);
            if (scheme != null) {
                if (scheme.equals("mailto")) {
                    return;
                }
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    problems.add(where + ": links outside the repository (" + target + ")");
                    return;
                }
                String host = host(target);
                if (host == null || !ALLOWED_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
                    problems.add(where + ": web link to " + host + " is not to well-known public documentation ("
                            + target + "); add the host to DocLinksTest.ALLOWED_HOSTS if it is");
                }
                return;
            }
            int hash = target.indexOf('#');
            String pathPart = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path file;
            if (pathPart.isEmpty()) {
                file = document;
            } else {
                String decoded = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
                file = (decoded.startsWith("/") ? root.resolve(decoded.substring(1)) : document.getParent()
                        .resolve(decoded)).normalize();
                if (!file.startsWith(root)) {
                    problems.add(where + ": points outside the repository (" + target + ")");
                    return;
                }
                if (!Files.exists(file)) {
                    problems.add(where + ": no such file or folder in the repository (" + target + ")");
                    return;
                }
            }
            if (anchor != null && !anchor.isEmpty() && file.getFileName().toString().endsWith(".md")
                    && !anchorsOf(file).contains(anchor.toLowerCase(Locale.ROOT))) {
                problems.add(where + ": " + root.relativize(file) + " has no heading for #" + anchor
                        + " (" + target + ")");
            }
        }

        private Set<String> anchorsOf(Path file) {
            return anchors.computeIfAbsent(file, f -> {
                Set<String> found = new HashSet<>();
                Map<String, Integer> seen = new HashMap<>();
                List<String> lines = read(f);
                boolean fenced = false;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (FENCE.matcher(line).find()) {
                        fenced = !fenced;
                        continue;
                    }
                    if (fenced) {
                        continue;
                    }
                    Matcher html = HTML_ANCHOR.matcher(line);
                    while (html.find()) {
                        found.add(html.group(1).toLowerCase(Locale.ROOT));
                    }
                    String heading = null;
                    Matcher atx = ATX_HEADING.matcher(line);
                    if (atx.matches()) {
                        heading = atx.group(1);
                    } else if (i + 1 < lines.size() && !line.isBlank() && !line.contains("|")
                            && SETEXT_UNDERLINE.matcher(lines.get(i + 1)).matches()) {
                        heading = line.strip();
                    }
                    if (heading != null) {
                        String slug = slug(heading);
                        int n = seen.merge(slug, 1, Integer::sum) - 1;
                        found.add(n == 0 ? slug : slug + "-" + n);
                    }
                }
                return found;
            });
        }

        /**
         * The anchor GitHub gives a heading: its text as rendered (code spans and links reduced to their text),
         * lower-cased, with everything but letters, digits, spaces, hyphens and underscores dropped, and each space
         * made a hyphen.
         */
        static String slug(String heading) {
            String text = heading
                    .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                    .replace("`", "");
            StringBuilder slug = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = Character.toLowerCase(text.charAt(i));
                if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                    slug.append(c);
                } else if (c == ' ') {
                    slug.append('-');
                }
            }
            return slug.toString();
        }

        private static String unbracket(String target) {
            String t = target.strip();
            return t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1) : t;
        }

        private static String scheme(String target) {
            int colon = target.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String candidate = target.substring(0, colon);
            return candidate.matches("[A-Za-z][A-Za-z0-9+.-]*") ? candidate.toLowerCase(Locale.ROOT) : null;
        }

        private static String host(String url) {
            try {
                return new URI(url).getHost();
            } catch (URISyntaxException e) {
                return null;
            }
        }

        private static List<String> read(Path file) {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
