package app.afterglow.consent;

import app.afterglow.testing.ReviewItems;
import app.afterglow.testing.ReviewItems.Item;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a person last saw that a typed reply could answer: a question, a review, or a pause. */
sealed interface Screen {
    Optional<Checkin> checkin();

    /** The screen a section puts in front of its reader, if it is one. */
    static Optional<Screen> of(Section s) {
        return switch (s.kind()) {
            case QUESTION -> Optional.of(Question.of(s));
            case REVIEW -> Optional.of(Review.of(s));
            case PAUSED -> Optional.of(new Paused(s.checkin()));
            // Until every pause has a title, the untitled pause notice is recognised by its words.
            case LOOSE -> s.lines().get(0).startsWith("Paused.") ? Optional.of(new Paused(Optional.empty())) : Optional.empty();
            default -> Optional.empty();
        };
    }

    enum Answering {
        SCALE, ONE, SEVERAL, TEXT, UNKNOWN
    }

    record Question(Checkin at, int number, String prompt, Answering answering, int low, int high, boolean canGoBack)
            implements Screen {
        private static final Pattern RANGE = Pattern.compile("Reply with a number from (\\d+) to (\\d+)");
        private static final Pattern OPTION = Pattern.compile("^ {3}(\\d+)\\. ");

        static Question of(Section s) {
            List<String> lines = s.lines();
            String prompt = lines.size() > 1 ? lines.get(1) : "";
            Answering answering = Answering.UNKNOWN;
            int low = 0;
            int high = 0;
            boolean back = false;
            for (String line : lines) {
                Matcher range = RANGE.matcher(line);
                if (range.find()) {
                    answering = Answering.SCALE;
                    low = Integer.parseInt(range.group(1));
                    high = Integer.parseInt(range.group(2));
                } else if (line.contains("Reply with the number of your choice")) {
                    answering = Answering.ONE;
                } else if (line.contains("Reply with one or more numbers")) {
                    answering = Answering.SEVERAL;
                } else if (line.contains("Reply with your answer")) {
                    answering = Answering.TEXT;
                } else if (line.trim().startsWith("Or reply:")) {
                    back = line.contains("back");
                }
                Matcher option = OPTION.matcher(line);
                if (option.find() && answering != Answering.SCALE) {
                    low = 1;
                    high = Math.max(high, Integer.parseInt(option.group(1)));
                }
            }
            return new Question(s.checkin().orElseThrow(), s.number(), prompt, answering, low, high, back);
        }

        @Override
        public Optional<Checkin> checkin() {
            return Optional.of(at);
        }

        @Override
        public String toString() {
            return "question " + number + " of " + at;
        }
    }

    record Review(Checkin at, List<Item> items, Map<Integer, Integer> itemOfLine) implements Screen {
        static Review of(Section s) {
            ReviewItems read = ReviewItems.read(s.lines(), Transcript.QUOTE, line -> line.contains("Shared, if your partner shares"));
            return new Review(s.checkin().orElseThrow(), read.items(), read.itemOfLine());
        }

        Optional<Item> item(int number) {
            return items.stream().filter(i -> i.number() == number).findFirst();
        }

        @Override
        public Optional<Checkin> checkin() {
            return Optional.of(at);
        }

        @Override
        public String toString() {
            return "review of " + at;
        }
    }

    record Paused(Optional<Checkin> checkin) implements Screen {
        @Override
        public String toString() {
            return "paused " + checkin.map(Checkin::toString).orElse("check-in");
        }
    }
}
