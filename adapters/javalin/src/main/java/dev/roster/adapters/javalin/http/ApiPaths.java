package dev.roster.adapters.javalin.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths the API serves and the methods each takes, so that a request no route took can be answered for what
 * it is: a path the API does not have (404), or one it has, asked with a method it does not take (405). Paths
 * match as the router matches them: {@code {name}} stands for one non-empty segment, trailing slashes are ignored.
 */
final class ApiPaths {
    private record Route(String method, String[] segments) {
    }

    private final List<Route> routes = new ArrayList<>();

    void add(String method, String path) {
        routes.add(new Route(method, segments(path)));
    }

    /** The methods {@code path} takes, in the order they were added; empty for a path the API does not have. */
    Set<String> methodsAt(String path) {
        String[] asked = segments(path);
        Set<String> methods = new LinkedHashSet<>();
        for (Route route : routes) {
            if (matches(route.segments(), asked)) {
                methods.add(route.method());
            }
        }
        return methods;
    }

    private static boolean matches(String[] pattern, String[] asked) {
        if (pattern.length != asked.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            boolean parameter = pattern[i].startsWith("{") && pattern[i].endsWith("}");
            if (parameter ? asked[i].isEmpty() : !pattern[i].equals(asked[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        // "/api/users/ann" -> ["api", "users", "ann"]; an empty segment inside ("//") is kept, and matches nothing
        return trimmed.startsWith("/") ? trimmed.substring(1).split("/", -1) : trimmed.split("/", -1);
    }
}
