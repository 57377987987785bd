package dev.switchboard.model;

/** Who wrote a message. Developer messages are folded into {@link #SYSTEM} by the decoders. */
public enum Role { SYSTEM, USER, ASSISTANT, TOOL }
