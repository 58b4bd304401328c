package app.afterglow.core.store;

import java.util.Objects;

/** Every store the core needs, handed over in one piece by whoever owns the storage. */
public record Stores(Transactions transactions, PersonStore people, PartnershipStore partnerships,
                     CheckinStore checkins, SessionStore sessions, JobStore jobs, Outbox outbox,
                     AdapterState adapterState, SeenEvents seenEvents) {
    public Stores {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(people, "people");
        Objects.requireNonNull(partnerships, "partnerships");
        Objects.requireNonNull(checkins, "checkins");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(adapterState, "adapterState");
        Objects.requireNonNull(seenEvents, "seenEvents");
    }
}
