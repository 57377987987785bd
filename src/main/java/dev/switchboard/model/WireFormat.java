package dev.switchboard.model;

/** The JSON dialects Switchboard speaks, inbound or upstream. Vertex AI speaks {@link #GEMINI}. */
public enum WireFormat { OPENAI, GEMINI, ONDEMAND }
