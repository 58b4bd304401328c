/**
 * Where Afterglow keeps everything: one SQLite file under the data directory, its schema
 * migrations, the encryption that seals what people wrote or chose (answers, share choices,
 * queued messages) with a key that lives outside the database, and the SQLite implementations of
 * the core's store ports. It depends on the core's ports and model only; it never imports an
 * adapter (Discord, Matrix, console) and never logs a person's words or names, only ids and
 * outcomes.
 */
package app.afterglow.storage;
