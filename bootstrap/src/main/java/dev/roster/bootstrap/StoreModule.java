package dev.roster.bootstrap;

import com.google.inject.Module;

/**
 * A Guice module that binds every store port: {@code SessionRegistry}, {@code PresenceDirectory},
 * {@code PresenceEventBus}, {@code RoomMessageBus}, {@code NodeLeases}, {@code StoreHealth}, {@code ActivityFeed}
 * and {@code ControlBus}. It may add what it must close to the {@link OnShutdown} set.
 */
public interface StoreModule extends Module {

    /** What the store is, in words for the first lines of the log. */
    String description();
}
