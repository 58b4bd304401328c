/**
 * End-to-end encryption for the Matrix adapter's rooms, as the client-server API's Olm and Megolm
 * modules describe it: the bot's device identity and its published keys, the device lists of the
 * people it talks to, Olm sessions with their devices, and the Megolm sessions that encrypt and
 * decrypt room events — shared with exactly the devices of a room's members, rotated on every
 * membership or device change, and checked for replays. It speaks to the homeserver only through
 * {@link app.afterglow.matrix.e2ee.KeyTransport} and keeps its state, sealed, through the core's
 * {@code AdapterState} port. The ratchets themselves live in {@code app.afterglow.matrix.crypto}.
 * It may not touch HTTP, SQL, the storage package, the rest of the core or any other adapter.
 */
package app.afterglow.matrix.e2ee;
