package dev.roster.bootstrap;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks the set of resources a node closes when it stops, after the server and the application: modules add to it
 * with {@code Multibinder.newSetBinder(binder(), AutoCloseable.class, OnShutdown.class)}. They are closed in the
 * order they were added, so the scheduler (added first) stops before the store it works on.
 */
@BindingAnnotation
@Target({FIELD, PARAMETER, METHOD})
@Retention(RUNTIME)
public @interface OnShutdown {
}
