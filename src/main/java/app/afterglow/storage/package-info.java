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
 *
 * <h2>Keys, backups, retention</h2>
 * {@code KeyRotation} re-seals every sealed value under a new data key, resumably (the new key is
 * kept in {@code meta} sealed under the old one until the end), then vacuums. {@code Backup}
 * copies the database with SQLite's online backup in one step, beside a running bot. Closed
 * check-ins, ended sessions and old queued messages are erased by their clear deadline, end and
 * due times when the deployment sets a retention ({@code CheckinStore#eraseClosedBefore}).
 *
 * <h2>What is still in clear</h2>
 * Today: platform ids, display names, time zones and quiet hours of people; who partners with
 * whom; session, check-in, job and message times and statuses; the question sets (bot text).
 * Issue 13's blind index and sealed times are not done yet.
 */
package app.afterglow.storage;
