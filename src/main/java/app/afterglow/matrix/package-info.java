/**
 * The Matrix platform: a thin adapter that speaks the client-server API (v3) with
 * {@code java.net.http} and Jackson. It logs in, syncs, turns events in a person's DM room (and
 * {@code !afterglow} commands in shared rooms) into core inputs, and renders the core's messages as
 * plain and HTML bodies that can never ping anyone. It keeps only small adapter state (sync
 * position, DM rooms, an access token) through the core's {@code AdapterState} port, and holds no
 * business rule: who may see what is decided by the core. It may not touch SQL, the storage
 * package or Discord.
 */
package app.afterglow.matrix;
