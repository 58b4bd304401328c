package app.afterglow.core.ref;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one encoding of references: {@code ci:<checkin>:<verb>[:<arg>]}, {@code pt:<partnership>:accept|decline}
 * and {@code me:delete} — the same text controls already sent carry, so they keep working across
 * upgrades. Anything else decodes to {@link NoLongerValid}. The encoded form never holds {@code |}
 * or a line break, so adapters may embed it. Pure functions; thread-safe.
 */
public final class Refs {
    private static final String CHECKIN = "ci";
    private static final String INVITE = "pt";
    private static final String ERASE = "me:delete";
    /** Longer than anything encoded here, and well inside what a platform's control id can carry. */
    private static final int MAX_LENGTH = 90;
    /** Compiled once: every button press is decoded through here. */
    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    private Refs() {
    }

    public static String encode(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return ref.accept(new Ref.Visitor<>() {
            @Override
            public String checkin(CheckinControl c) {
                return CHECKIN + ":" + c.checkinId() + ":" + c.verb().code + (c.arg().isEmpty() ? "" : ":" + c.arg());
            }

            @Override
            public String invite(InviteAnswer a) {
                return INVITE + ":" + a.partnershipId() + ":" + (a.accept() ? "accept" : "decline");
            }

            @Override
            public String erase(EraseConfirmation confirmation) {
                return ERASE;
            }

            @Override
            public String noLongerValid(NoLongerValid stale) {
                throw new IllegalArgumentException("a reference that means nothing is never put on a control");
            }
        });
    }

    /** What {@code encoded} means; {@link NoLongerValid} for anything this version never makes. */
    public static Ref decode(String encoded) {
        if (encoded == null || encoded.length() > MAX_LENGTH) {
            return new NoLongerValid();
        }
        if (encoded.equals(ERASE)) {
            return new EraseConfirmation();
        }
        String[] parts = encoded.split(":", 4);
        try {
            if (parts.length == 3 && parts[0].equals(INVITE) && (parts[2].equals("accept") || parts[2].equals("decline"))) {
                return new InviteAnswer(id(parts[1]), parts[2].equals("accept"));
            }
            if (parts.length >= 3 && parts[0].equals(CHECKIN)) {
                Optional<CheckinControl.Verb> verb = Arrays.stream(CheckinControl.Verb.values())
                        .filter(v -> v.code.equals(parts[2])).findFirst();
                if (verb.isPresent()) {
                    return new CheckinControl(id(parts[1]), verb.get(), parts.length == 4 ? parts[3] : "");
                }
            }
        } catch (IllegalArgumentException e) {
            return new NoLongerValid();
        }
        return new NoLongerValid();
    }

    private static long id(String text) {
        if (!ID.matcher(text).matches()) {
            throw new IllegalArgumentException("not an id");
        }
        return Long.parseLong(text);
    }
}
