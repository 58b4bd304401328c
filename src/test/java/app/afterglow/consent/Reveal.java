package app.afterglow.consent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A reveal as its reader sees it: per shared question, the prompt, their own answer and the partner's. */
record Reveal(Checkin at, List<Entry> entries, Map<Integer, Place> placeOfLine) {
    enum Side {
        YOU, PARTNER, PROMPT
    }

    record Entry(String prompt, String you, String partner) {
    }

    /** Where a line of the reveal sits: under which prompt, on whose side. */
    record Place(String prompt, Side side) {
    }

    static Reveal of(Section s) {
        Checkin at = s.checkin().orElseThrow();
        String youTag = "You: ";
        String partnerTag = at.partner() + ": ";
        List<Entry> entries = new ArrayList<>();
        Map<Integer, Place> places = new LinkedHashMap<>();
        String prompt = null;
        StringBuilder you = null;
        StringBuilder partner = null;
        StringBuilder current = null;
        for (int i = 1; i < s.lines().size(); i++) {
            String line = s.lines().get(i);
            if (!line.startsWith(Transcript.INDENT) && !line.startsWith(Transcript.NOTHING_SHARED)) {
                if (prompt != null) {
                    entries.add(new Entry(prompt, text(you), text(partner)));
                }
                prompt = line;
                you = null;
                partner = null;
                current = null;
                places.put(i, new Place(prompt, Side.PROMPT));
            } else if (prompt != null && line.startsWith(Transcript.QUOTE)) {
                String quoted = line.substring(Transcript.QUOTE.length());
                if (quoted.startsWith(youTag)) {
                    you = new StringBuilder(quoted.substring(youTag.length()));
                    current = you;
                } else if (quoted.startsWith(partnerTag)) {
                    partner = new StringBuilder(quoted.substring(partnerTag.length()));
                    current = partner;
                } else if (current != null) {
                    current.append('\n').append(quoted);
                }
                places.put(i, new Place(prompt, current == null ? Side.PROMPT : current == you ? Side.YOU : Side.PARTNER));
            }
        }
        if (prompt != null) {
            entries.add(new Entry(prompt, text(you), text(partner)));
        }
        return new Reveal(at, List.copyOf(entries), Map.copyOf(places));
    }

    private static String text(StringBuilder b) {
        return b == null ? "" : b.toString();
    }
}
