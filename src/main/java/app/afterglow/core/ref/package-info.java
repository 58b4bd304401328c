/**
 * What a control or a typed reply can mean, as typed values: a step of a check-in, an answer to a
 * partner's invite, the confirmation of an erasure, or a reference that no longer means anything.
 * {@link app.afterglow.core.ref.Refs} is the one encoder and decoder; adapters carry the encoded
 * form opaquely and never build or read it. A reference names what was used, never who may use
 * it: the core checks the person every time. Pure values; no storage, no platform.
 */
package app.afterglow.core.ref;
