package dev.switchboard.model;

import io.vertx.core.buffer.Buffer;

/**
 * The exact bytes of a request, response or stream event as they arrived in {@code format}. An encoder for
 * the same format sends them on unchanged, so fields the canonical model does not know survive the trip.
 */
public record NativeBody(WireFormat format, Buffer bytes) {}
