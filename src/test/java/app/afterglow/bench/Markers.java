package app.afterglow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tokens each couple writes into its free-text answers, so every message the bot sends can
 * be checked for whose words it carries. Fixed width, letters and digits only: Discord markdown
 * leaves them alone, and no token is a prefix of another.
 */
final class Markers {
    private static final Pattern TOKEN = Pattern.compile("zq(\\d{5})([ab])(\\d)qz");

    private Markers() {
    }

    /** The token for couple {@code couple}, partner {@code side} ('a' or 'b'), free-text answer {@code answer}. */
    static String of(int couple, char side, int answer) {
        return String.format("zq%05d%c%dqz", couple, side, answer);
    }

    /** The couples whose tokens appear in {@code text}, once per token found. */
    static List<Integer> couplesIn(String text) {
        List<Integer> couples = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            couples.add(Integer.parseInt(m.group(1)));
        }
        return couples;
    }
}
