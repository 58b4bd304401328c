package app.afterglow.bench;

import app.afterglow.testing.discord.StandInMessage;
import app.afterglow.testing.discord.StandInObserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What each person sees in their DM with the bot, kept current as the bot creates and edits
 * messages, so a simulated person waits on their own DM alone rather than on every message of
 * the run. Checks every version of every message as it appears: a marker of another couple in a
 * DM, or any marker in a shared channel, is a misdelivery. Thread-safe.
 */
final class Mailboxes implements StandInObserver {
    /** A couple number for channels everyone in the server can see. */
    private static final int SHARED = -1;

    private final Map<Long, Mailbox> byChannel = new ConcurrentHashMap<>();
    private final Map<Long, Integer> coupleOfChannel = new ConcurrentHashMap<>();
    private final Map<Long, String> misdelivered = new ConcurrentHashMap<>();

    /** Watches a person's DM channel; {@code couple} is the couple they belong to. */
    Mailbox watch(long dmChannelId, int couple) {
        coupleOfChannel.put(dmChannelId, couple);
        return byChannel.computeIfAbsent(dmChannelId, id -> new Mailbox());
    }

    /** A server channel: no answer may ever appear there. */
    void watchShared(long channelId) {
        coupleOfChannel.put(channelId, SHARED);
    }

    @Override
    public void messageChanged(StandInMessage message) {
        Integer couple = coupleOfChannel.get(message.channelId());
        List<Integer> carried = couple == null ? List.of() : Markers.couplesIn(message.content());
        if (carried.stream().anyMatch(c -> couple == SHARED || !c.equals(couple))) {
            misdelivered.putIfAbsent(message.id(), "message " + message.id() + " in channel " + message.channelId() + " ("
                    + (couple == SHARED ? "a server channel" : "couple " + couple + "'s DM") + ") carried words of couples "
                    + carried);
        }
        Mailbox mailbox = byChannel.get(message.channelId());
        if (mailbox != null) {
            mailbox.update(message);
        }
    }

    /** Messages that ever carried words from the wrong couple, or any words into a shared channel. */
    int misdelivered() {
        return misdelivered.size();
    }

    /** What each misdelivered message was and whose words it carried: ids and couple numbers only. */
    List<String> misdeliveries() {
        return List.copyOf(misdelivered.values());
    }

    /** One DM channel's messages, each in its latest state, in the order they were created. */
    static final class Mailbox {
        private final Map<Long, StandInMessage> messages = new LinkedHashMap<>();
        private final Map<Long, Long> arrivedNanos = new HashMap<>();

        synchronized void update(StandInMessage message) {
            messages.put(message.id(), message);
            arrivedNanos.putIfAbsent(message.id(), System.nanoTime());
            notifyAll();
        }

        /** When the message's first version reached the stand-in, on this process's {@link System#nanoTime}. */
        synchronized long arrivedNanos(long messageId) {
            Long arrived = arrivedNanos.get(messageId);
            if (arrived == null) {
                throw new IllegalArgumentException("message " + messageId + " never arrived in this DM");
            }
            return arrived;
        }

        synchronized List<StandInMessage> snapshot() {
            return new ArrayList<>(messages.values());
        }

        /** The first message, in creation order, that matches now or after a change; bounded by {@code deadlineNanos}. */
        synchronized StandInMessage await(Predicate<StandInMessage> predicate, long deadlineNanos, String what)
                throws TimeoutException, InterruptedException {
            while (true) {
                for (StandInMessage message : messages.values()) {
                    if (predicate.test(message)) {
                        return message;
                    }
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException("no " + what + " in time");
                }
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
        }

    }

    /** Whether {@code later} shows something other than {@code earlier}: its text or its controls. */
    static boolean differ(StandInMessage later, StandInMessage earlier) {
        return !later.content().equals(earlier.content())
                || !later.json().path("components").equals(earlier.json().path("components"));
    }
}
