/**
 * Where Afterglow keeps everything: one SQLite file under the data directory, its schema
 * migrations, the encryption that seals what people wrote or chose (answers, share choices,
 * queued messages) with a key that lives outside the database, and the SQLite implementations of
 * the core's store ports. It depends on the core's ports and model only; it never imports an
 * adapter (Discord, Matrix, console) and never logs a person's words or names, only ids and
 * outcomes.
 *
 * <h2>Lengths</h2>
 * Every sealed value is padded before it is sealed (see {@code Encryptor}): to 512 bytes when
 * shorter, else to the next power of two. So every answer, check-in progress or queued message
 * under 512 bytes of JSON seals to the same 541 bytes, and a longer one tells only which power of
 * two it is under; the cost is at most twice the space, and 512 bytes for short values. Values
 * sealed before padding existed carry no marker byte and still open; a rotation of the data key
 * re-seals them padded.
 */
package app.afterglow.storage;
