package dev.roster.adapters.javalin.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI description of the node's HTTP endpoints, served at {@link #PATH} as the build copied it from
 * {@code docs/openapi.yaml}: one source, so the node never serves a description of another release. It lives under
 * {@code /api}, behind the admin token: it lists what an operator may do, and nobody else needs it.
 */
final class ApiDescription {
    static final String PATH = "/api/openapi.yaml";
    /** The media type of YAML (RFC 9512); an OpenAPI document is one. */
    static final String YAML = "application/yaml";
    static final String RESOURCE = "api/openapi.yaml";

    private final byte[] document;

    ApiDescription() {
        this(RESOURCE);
    }

    /** Reads the document once; a build that did not copy it fails here, at start, rather than on a request. */
    ApiDescription(String resource) {
        try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + " on the class path: the build copies it "
                        + "from docs/openapi.yaml");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    void serve(Context ctx) {
        ctx.status(200).contentType(YAML).result(document);
    }
}
