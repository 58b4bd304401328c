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
 * re-seals them padded. One kind of value is sealed unpadded on purpose: the time a platform
 * event was seen, written on every interaction, always as 19 digits, so every one seals to the
 * same 47 bytes and its length says nothing either.
 *
 * <h2>Keys, backups, retention</h2>
 * {@code KeyRotation} re-seals every sealed value under a new data key, resumably (the new key is
 * kept in {@code meta} sealed under the old one until the end), computes every person's blind
 * index and every adapter value's lookup again, forgets the seen events, then vacuums. {@code Backup} copies the database with SQLite's online backup in one
 * step, beside a running bot. Closed check-ins, ended sessions and old queued messages are erased
 * by their deadline, end and age when the deployment sets a retention
 * ({@code CheckinStore#eraseClosedBefore}; how they are found without a time in clear is below).
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
 * <h2>When: sealed times, and none in clear</h2>
 * A session's start and end, a check-in's creation and deadline, when each participant
 * submitted, when a job or a queued message is due, when a message's delivery first failed and
 * when a partnership was made are sealed like any other value ({@code SealedTimes}), each bound to
 * its row and column; when a partnership last changed is not kept. No time, however coarse, is
 * kept in clear beside them: versions 9 and 10 kept an hour bucket, and the bucket of a session's
 * end, of its check-ins' deadlines and of its follow-up and reminders, each derived from the same
 * moment, told when a couple ended a session to within the hour. So, since migration 12:
 * <ul>
 *   <li>Due work is found in memory ({@code OpenedTimes}): each job's and queued message's times
 *       are opened once and kept, by row id, for as long as the row carries the random
 *       {@code due_tag} written with them, in the order they fall due. Jobs: triggers note the id
 *       of every job written or deleted (cascades included) in {@code job_change}; a tick reads
 *       and empties it, opens only what changed, and reads in full only what is due, so its cost
 *       grows with the jobs written since the last tick, not with the jobs pending or with
 *       history. The storage's opening lists every job's id and tag instead; after a rollback,
 *       the jobs whose kept times changed since the last commit are read again. Queued messages
 *       are kept the same way, through {@code outbox_change}. Nothing is opened twice. A tag is
 *       drawn anew for every write, so a write rolled back leaves no wrong time behind.</li>
 *   <li>Old rows are found through their ids ({@code IdOrder}): a row is made when what it records
 *       happens, so ids grow with time, and the newest check-in made, or session started, before
 *       the retention cutoff is found by bisection, opening about log2(rows) times. The closed
 *       check-ins and ended sessions up to it are opened and erased if their deadline or end came
 *       before the cutoff; a clock that went back makes erasure late, never early. Queued messages
 *       go by their opened age (the first failure, or else the first due time).</li>
 *   <li>An open session is told from an ended one by its sealed end being empty.</li>
 * </ul>
 * What a copy still tells about time: the order of rows (ids grow with time), so the order of a
 * partnership's sessions and check-ins, and nothing else: no day, no hour. With an outside anchor
 * (say, the day the bot was installed, and how busy it was) ids can be spread over the calendar
 * only as roughly as the anchor allows.
 * When a platform event was seen is sealed too, and old seen events are found by bisecting their
 * ids in the same way, each one's time opened before it is erased.
 *
 * <h2>What is still in clear, and what a copy of the files without the key tells</h2>
 * <ul>
 *   <li>Each person's platform (console, Discord, Matrix): the outbox is delivered per platform
 *       and finds its messages by it. It tells how many people use the bot on each.</li>
 *   <li>Who partners with whom, as pairs of internal row ids, with the partnership's status;
 *       which check-ins and sessions belong to which partnership, and who takes part in which
 *       check-in. So: how many couples, how many sessions and check-ins each had, and whether a
 *       check-in is open, revealed or expired — never who they are.</li>
 *   <li>Whether a session has ended, a participant submitted or a message failed (their sealed
 *       columns are empty until then), and how many times delivery was tried. The
 *       {@code due_tag}s are random numbers, which tell only that a row's times were written
 *       again; {@code job_change} names the jobs written since the last tick, a few seconds
 *       before, by id alone.</li>
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
