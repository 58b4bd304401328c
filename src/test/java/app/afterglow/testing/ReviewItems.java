package app.afterglow.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A check-in's review as its reader sees it, on any platform: numbered items, each with its
 * prompt, the answer quoted under it (none when skipped) and whether it is marked shared. The
 * model tests read the reviews in their transcripts through it, each with its platform's markup.
 *
 * @param itemOfLine for each line of the review after its title, the number of the item it belongs to
 */
public record ReviewItems(List<Item> items, Map<Integer, Integer> itemOfLine) {
    private static final Pattern ITEM = Pattern.compile("^(\\d+)\\. (.*)$");

    /** One item: {@code answer} is empty when skipped; an answer's lines are joined with a newline. */
    public record Item(int number, String prompt, Optional<String> answer, boolean shared) {
        public boolean sharedAnswer() {
            return shared && answer.isPresent();
        }
    }

    public ReviewItems {
        items = List.copyOf(items);
        itemOfLine = Map.copyOf(itemOfLine);
    }

    /**
     * Reads the review in {@code lines}, its title first: an item's answer is on the lines that
     * start with {@code quote}, and it is shared when one of its lines passes {@code sharedNote}.
     */
    public static ReviewItems read(List<String> lines, String quote, Predicate<String> sharedNote) {
        List<Item> items = new ArrayList<>();
        Map<Integer, Integer> itemOfLine = new LinkedHashMap<>();
        int number = 0;
        String prompt = "";
        List<String> answer = new ArrayList<>();
        boolean shared = false;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher item = ITEM.matcher(line);
            if (item.matches()) {
                if (number > 0) {
                    items.add(new Item(number, prompt, joined(answer), shared));
                }
                number = Integer.parseInt(item.group(1));
                prompt = item.group(2);
                answer = new ArrayList<>();
                shared = false;
            } else if (number > 0 && line.startsWith(quote)) {
                answer.add(line.substring(quote.length()));
            } else if (number > 0 && sharedNote.test(line)) {
                shared = true;
            }
            if (number > 0) {
                itemOfLine.put(i, number);
            }
        }
        if (number > 0) {
            items.add(new Item(number, prompt, joined(answer), shared));
        }
        return new ReviewItems(items, itemOfLine);
    }

    public Optional<Item> item(int number) {
        return items.stream().filter(i -> i.number() == number).findFirst();
    }

    private static Optional<String> joined(List<String> lines) {
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
    }
}
