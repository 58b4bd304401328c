package app.afterglow.core.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the bot's own threads: named, so a thread dump says what each is for, and daemons, so
 * none of them keeps a JVM alive that is meant to end (each owner still stops its own).
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Every thread made is called {@code name}: for an executor of one thread. */
    public static ThreadFactory named(String name) {
        return work -> daemon(work, name);
    }

    /** Threads called {@code prefix1}, {@code prefix2}, …: for a pool. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger made = new AtomicInteger();
        return work -> daemon(work, prefix + made.incrementAndGet());
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }
}
