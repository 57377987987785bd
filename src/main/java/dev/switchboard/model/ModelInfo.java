package dev.switchboard.model;

/** A model a client can ask for, and who serves it (provider name, or "switchboard" for aliases). */
public record ModelInfo(String id, String ownedBy) {}
