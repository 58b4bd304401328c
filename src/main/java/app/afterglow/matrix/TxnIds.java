package app.afterglow.matrix;

import app.afterglow.core.util.Digest;

/**
 * Transaction ids for every send, each derived from something stable — an outbox entry id, the
 * event being answered, the room — so a send retried after a crash or a lost answer reuses its id
 * and the homeserver posts it once. Never from time or a counter, which a restart would change.
 * Globally unique, since some homeservers scope them to the device rather than the room.
 */
final class TxnIds {
    private TxnIds() {
    }

    /** Part {@code part} (from 0) of the text of outbox entry {@code entryId}. */
    static String outbox(long entryId, int part) {
        return "afterglow-out-" + entryId + (part == 0 ? "" : "-" + part);
    }

    /** The file of outbox entry {@code entryId}. */
    static String outboxFile(long entryId) {
        return "afterglow-out-" + entryId + "-file";
    }

    /** Reply number {@code n} (from 0) to the event {@code eventId}. */
    static String reply(String eventId, int n) {
        return "afterglow-re-" + Digest.of(eventId) + "-" + n;
    }

    /** The greeting in DM room {@code roomId}. */
    static String greeting(String roomId) {
        return "afterglow-greet-" + Digest.of(roomId);
    }

    /** The explanation, said in {@code where}, about the encrypted room {@code encryptedRoomId}. */
    static String encryption(String encryptedRoomId, String where) {
        return "afterglow-e2ee-" + Digest.of(encryptedRoomId) + "-" + Digest.of(where);
    }
}
