/**
 * A small JSON writer and parser so that the project needs neither Jackson nor Gson. Internal: not
 * API, free to change, not for embedders.
 *
 * <p>{@link io.screentrail.internal.json.JsonWriter} is the hot-path half: one instance per
 * writing thread, reset per record, allocation-free once its buffer has grown to the record size
 * (doubles excepted). {@link io.screentrail.internal.json.Json} parses into plain maps, lists and
 * boxed values and writes such trees back; it allocates freely and is for manifests, config and
 * reading sessions back, not per-frame work. Nothing here holds shared state; every class is safe
 * to use from one thread at a time.
 */
package io.screentrail.internal.json;
