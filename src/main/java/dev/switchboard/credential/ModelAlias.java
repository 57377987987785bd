package dev.switchboard.credential;

/** A model a credential serves: {@code name} upstream, exposed to clients as {@code alias} (same if none). */
public record ModelAlias(String name, String alias) {}
