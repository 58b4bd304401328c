package app.afterglow.core.messages;

import app.afterglow.core.model.PlatformUser;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Puts a person's typed replies and the delivery of what they are shown in one order: a reply is
 * read either before a new step reaches them or after their focus has moved to it, never in
 * between, when it would be judged against the step they no longer see. Locks are striped by
 * person, so other people are not held up. Thread-safe.
 */
public final class ScreenOrder {
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public ScreenOrder() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} while no step is being delivered to {@code person} and none of their replies read. */
    public <T> T forPerson(PlatformUser person, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod((person.platform() + ":" + person.id()).hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
