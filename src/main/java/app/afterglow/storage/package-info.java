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
 * kept in {@code meta} sealed under the old one until the end), computes every person's blind
 * index and every adapter value's lookup again, forgets the seen events, then vacuums. {@code Backup} copies the database with SQLite's online backup in one
 * step, beside a running bot. Closed check-ins, ended sessions and old queued messages are erased
 * by the buckets of their deadline, end and age when the deployment sets a retention
 * ({@code CheckinStore#eraseClosedBefore}).
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
 * <p>Adapter state and seen platform events are found the same way, by {@code StateLookup}: an
 * HMAC-SHA-256 under another key derived from the data key (its own info string again), of the
 * namespace and key (each length-prefixed), or of the event's key. The Matrix adapter keys its
 * records by Matrix user and room ids, mostly as unkeyed digests anyone can compute, and event
 * keys are platform event ids; keyed, none of them can be tested against the file. An adapter's
 * key is kept sealed beside its value ({@code adapter_state.name}, bound to its row), only so
 * that {@code rotate-key} can compute the lookup under the new key; the value stays bound to its
 * namespace and key, so a row whose lookup was swapped with another's does not open. A seen
 * event keeps no key at all: nothing reads it back, so a rotation forgets the seen events instead
 * (an event redelivered after it is handled again). Migration 11
 * ({@code V11KeyAdapterStateAndSeenEvents}) converted the rows of earlier versions.
 *
 * <h2>When: sealed times and coarse buckets</h2>
 * A session's start and end, a check-in's creation and deadline, when each participant
 * submitted, when a job or a queued message is due, when a message's delivery first failed and
 * when a partnership was made are sealed like any other value ({@code SealedTimes}), each bound to
 * its row and column; when a partnership last changed is not kept. Where SQL must still find rows
 * by time without opening them all, a {@code TimeBucket} is kept in clear beside the sealed time:
 * the exact time rounded up to the hour, plus a random whole number of minutes under an hour,
 * drawn anew whenever the row is written. A bucket is never before its time and less than two hours after it, so:
 * <ul>
 *   <li>the scheduler and the outbox read the jobs and messages whose bucket is at most two hours
 *       ahead of now (through the indexes on {@code job.due_bucket} and {@code outbox.due_bucket}),
 *       open their times and take those that have come — at the cost of also reading what falls
 *       due within the next two hours;</li>
 *   <li>retention erases check-ins, sessions and queued messages whose deadline, end or age bucket
 *       ({@code outbox.age_bucket}: of the first failure, or else of the first due time) is
 *       before the cutoff: never one too young, and one old enough at most two hours late;</li>
 *   <li>an open session is told from an ended one by its end bucket being empty.</li>
 * </ul>
 * From a bucket an attacker learns the time only to within two hours, and of two times in the
 * same hour not which came first. They do learn that: an ended session's end bucket and the
 * deadlines of its check-ins and jobs are derived from the same moments (a follow-up falls due a
 * set time after a session ends, a check-in closes a set time after it opens), so a copy tells
 * roughly on which day and in which two hours a couple ended a session. Rows are listed newest
 * first by id, which grows with time, so the order of a partnership's check-ins and sessions is
 * known too, but not their times. When a platform event was seen is sealed too, with no bucket:
 * old seen events are found by bisecting their ids ({@code IdOrder}), and each one's time is
 * opened before it is erased. Migrations 9 and 10 ({@code V9SealTimes},
 * {@code V10SealQueueAndPartnershipTimes}) converted the rows of earlier versions.
 *
 * <h2>What is still in clear, and what a copy of the files without the key tells</h2>
 * <ul>
 *   <li>Each person's platform (console, Discord, Matrix): the outbox is delivered per platform
 *       and finds its messages by it. It tells how many people use the bot on each.</li>
 *   <li>Who partners with whom, as pairs of internal row ids, with the partnership's status;
 *       which check-ins and sessions belong to which partnership, and who takes part in which
 *       check-in. So: how many couples, how many sessions and check-ins each had, and whether a
 *       check-in is open, revealed or expired — never who they are.</li>
 *   <li>The buckets above: {@code session.ended_bucket}, {@code checkin.expires_bucket},
 *       {@code job.due_bucket}, {@code outbox.due_bucket} and {@code outbox.age_bucket}; and
 *       whether a session has ended, a participant submitted or a message failed (their sealed
 *       columns are empty until then), and how many times delivery was tried.</li>
 *   <li>How many platform events were handled in about the last week (each is kept a week, so a
 *       redelivery is ignored), and in which order, as their ids count up; not when, which
 *       events, or whose.</li>
 *   <li>When each migration ran ({@code schema_version.applied_at}).</li>
 *   <li>Sizes: how many sealed values of each kind there are, each only to its size bucket.</li>
 *   <li>The question sets (bot text), and the namespace of each adapter value
 *       ({@code adapter_state.namespace}, e.g. {@code matrix.dm} or {@code matrix.e2ee.olm}): it
 *       names a kind of state, never a person, so the file tells how many DM rooms, devices or
 *       encryption sessions the Matrix adapter keeps, not whose. Folding it into the lookup would
 *       hide only those counts, and an operator could no longer see what kinds of state take
 *       room.</li>
 * </ul>
 */
package app.afterglow.storage;
