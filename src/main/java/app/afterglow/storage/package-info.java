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
 * <h2>Who: the blind index</h2>
 * A person's platform id, display name, bot flag, time zone and quiet hours are sealed together in
 * {@code person.profile} ({@code PersonProfile}). They are found by {@code person.lookup}, the
 * HMAC-SHA-256 of platform and platform id under a key derived from the data key with HKDF (its
 * own info string, so the encryption key never serves a second purpose); without the key it
 * cannot be computed for a guessed id, so a known Discord or Matrix id cannot be checked against
 * the file. The lookup is indexed and unique, as the plain id was. Partnerships, check-ins and
 * everything else name people only by the internal row id, which links to nothing outside without
 * the key. {@code rotate-key} re-seals the profile and computes every lookup again under the new
 * key. Migration 8 ({@code V8SealPersonIdentity}) converted the rows of earlier versions in one
 * transaction, dropped the plaintext columns and had the file rebuilt ({@code VACUUM}) after.
 *
 * <h2>What is still in clear, and what a copy of the files without the key tells</h2>
 * <ul>
 *   <li>Each person's platform (console, Discord, Matrix): the outbox is delivered per platform
 *       and finds its messages by it. It tells how many people use the bot on each.</li>
 *   <li>Who partners with whom, as pairs of internal row ids, with the partnership's status;
 *       which check-ins and sessions belong to which partnership, and who takes part in which
 *       check-in. So: how many couples, how many sessions and check-ins each had, and whether a
 *       check-in is open, revealed or expired — never who they are.</li>
 *   <li>Times, for now: partnership creation and update, session start and end, check-in creation
 *       and deadline, when each participant submitted, when jobs and queued messages are due and
 *       when delivery first failed, and when a platform event was seen — all epoch milliseconds
 *       as SQLite integers. These tell when a couple was together and for how long; sealing them
 *       is the rest of issue 13.</li>
 *   <li>Sizes: how many sealed values of each kind there are, each only to its size bucket.</li>
 *   <li>The question sets (bot text) and adapter state keys (already digests of room and user ids,
 *       their values sealed).</li>
 * </ul>
 */
package app.afterglow.storage;
