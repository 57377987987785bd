package dev.switchboard.model;

/** A model a client can ask for, and the provider that serves it (for an alias: the one serving its model). */
public record ModelInfo(String id, String ownedBy) {}
