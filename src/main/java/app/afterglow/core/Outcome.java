package app.afterglow.core;

import app.afterglow.core.messages.Message;

import java.util.List;

/**
 * What came of a {@link Request}.
 *
 * @param here      what to say where the person acted, now: the answers of a direct request; for a
 *                  queued one only what cannot wait for the outbox (the pointer to the DM in a
 *                  public room, the farewell after an erasure, an apology)
 * @param duplicate the request's key was seen before, so nothing was done
 * @param erased    the person's data was erased: the adapter forgets what it keeps about them
 * @param mailed    the request queued messages, for the person or others, that are due now: the
 *                  adapter delivers soon; without it nothing new waits, and delivering finds nothing
 */
public record Outcome(List<Message> here, boolean duplicate, boolean erased, boolean mailed) {
    public Outcome {
        here = List.copyOf(here);
    }

    static Outcome done(List<Message> here, boolean erased, boolean mailed) {
        return new Outcome(here, false, erased, mailed);
    }

    static Outcome seenBefore() {
        return new Outcome(List.of(), true, false, false);
    }
}
