package app.afterglow.discord;

import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Prompt;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.actionrow.ActionRowChildComponent;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lays out a message's prompt and actions as Discord components, within Discord's limits: at
 * most 5 rows, 5 buttons to a row, 25 options to a menu. A scale is a row of number buttons, a
 * single choice buttons (or a menu when long), a multiple choice a multi-select menu, free text an
 * "Answer" button that opens a modal. When actions would crowd the message (a long review), the
 * numbered ones ("Change 1", "Change 2", …) fold into menus, the family that comes last first.
 * Pure functions; thread-safe.
 */
final class Controls {
    static final int MAX_ROWS = 5;
    static final int MAX_BUTTONS_PER_ROW = 5;
    static final int MAX_MENU_OPTIONS = 25;
    static final int MAX_LABEL = 80;
    private static final int MAX_OPTION_LABEL = 100;
    /** More buttons than this (three rows) are hard to read; numbered families fold into menus beyond it. */
    private static final int COMFORTABLE_BUTTONS = 15;
    private static final Pattern NUMBERED = Pattern.compile("(.*\\S)\\s+\\d+");
    private static final Pattern TRAILING_NUMBERS = Pattern.compile("[\\s\\d]+$");
    private static final String ANSWER_LABEL = "Answer";

    private Controls() {
    }

    /** The component rows for a message; empty when it asks and offers nothing. */
    static List<ActionRow> of(Optional<Prompt> prompt, List<Action> actions) {
        List<Action> unique = distinctByRef(actions);
        int actionRows = unique.isEmpty() ? 0 : 1;
        List<ActionRow> rows = new ArrayList<>(prompt.map(p -> promptRows(p, MAX_ROWS - actionRows)).orElse(List.of()));
        rows.addAll(actionRows(unique, MAX_ROWS - rows.size()));
        if (rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("a message needs " + rows.size() + " rows of controls; Discord shows "
                    + MAX_ROWS);
        }
        return rows;
    }

    private static List<ActionRow> promptRows(Prompt prompt, int rowsAvailable) {
        return switch (prompt.type()) {
            case SCALE -> {
                List<String> labels = new ArrayList<>();
                for (int n = prompt.min(); n <= prompt.max(); n++) {
                    labels.add(Integer.toString(n));
                }
                List<Integer> values = new ArrayList<>();
                for (int n = prompt.min(); n <= prompt.max(); n++) {
                    values.add(n);
                }
                yield choiceRows(prompt, labels, values, rowsAvailable, "Pick a number…");
            }
            case ONE -> {
                List<Integer> values = new ArrayList<>();
                for (int n = 1; n <= prompt.options().size(); n++) {
                    values.add(n);
                }
                yield prompt.options().size() <= MAX_BUTTONS_PER_ROW
                        ? choiceRows(prompt, prompt.options(), values, 1, "")
                        : List.of(ActionRow.of(menu(prompt, 1, "Choose one…")));
            }
            case MANY -> List.of(ActionRow.of(menu(prompt, prompt.options().size(), "Choose all that fit…")));
            case TEXT -> List.of(ActionRow.of(Button.primary(CustomIds.openText(prompt.ref(), prompt.maxLength(),
                    prompt.question()), ANSWER_LABEL)));
        };
    }

    /** One button per value while they fit the rows available, else a menu. */
    private static List<ActionRow> choiceRows(Prompt prompt, List<String> labels, List<Integer> values, int rowsAvailable,
                                              String placeholder) {
        int rowsNeeded = (labels.size() + MAX_BUTTONS_PER_ROW - 1) / MAX_BUTTONS_PER_ROW;
        if (rowsNeeded > rowsAvailable) {
            StringSelectMenu.Builder menu = StringSelectMenu.create(CustomIds.choose(prompt.ref()))
                    .setPlaceholder(placeholder).setRequiredRange(1, 1);
            for (int i = 0; i < labels.size(); i++) {
                menu.addOption(DiscordText.cut(labels.get(i), MAX_OPTION_LABEL), values.get(i).toString());
            }
            return List.of(ActionRow.of(menu.build()));
        }
        List<ActionRowChildComponent> buttons = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            buttons.add(Button.secondary(CustomIds.answer(prompt.ref(), values.get(i)), DiscordText.cut(labels.get(i), MAX_LABEL)));
        }
        return rowsOf(buttons);
    }

    /** A menu of the prompt's options, answered by their numbers from 1. */
    private static StringSelectMenu menu(Prompt prompt, int maxValues, String placeholder) {
        StringSelectMenu.Builder menu = StringSelectMenu.create(CustomIds.choose(prompt.ref()))
                .setPlaceholder(placeholder).setRequiredRange(1, Math.min(maxValues, MAX_MENU_OPTIONS));
        for (int i = 0; i < prompt.options().size(); i++) {
            menu.addOption(DiscordText.cut(prompt.options().get(i), MAX_OPTION_LABEL), Integer.toString(i + 1));
        }
        return menu.build();
    }

    private static List<ActionRow> actionRows(List<Action> actions, int rowsAvailable) {
        List<Action> buttons = new ArrayList<>(actions);
        List<List<Action>> menus = new ArrayList<>();
        // Most messages' actions fit as buttons: families are looked for only when they would crowd.
        List<List<Action>> families = crowded(buttons, menus, rowsAvailable) ? numberedFamilies(actions) : List.of();
        while (!families.isEmpty() && crowded(buttons, menus, rowsAvailable)) {
            List<Action> family = families.remove(families.size() - 1);
            buttons.removeAll(family);
            menus.add(family);
        }
        List<ActionRow> rows = new ArrayList<>();
        int index = 0;
        for (List<Action> family : menus) {
            for (int from = 0; from < family.size(); from += MAX_MENU_OPTIONS) {
                rows.add(ActionRow.of(actionMenu(family.subList(from, Math.min(family.size(), from + MAX_MENU_OPTIONS)),
                        index++)));
            }
        }
        List<ActionRowChildComponent> items = new ArrayList<>();
        buttons.forEach(a -> items.add(button(a)));
        rows.addAll(0, rowsOf(items));
        return rows;
    }

    /** Actions whose reply words differ only by a trailing number, in families of two or more, in order of appearance. */
    private static List<List<Action>> numberedFamilies(List<Action> actions) {
        Map<String, List<Action>> families = new LinkedHashMap<>();
        for (Action action : actions) {
            Matcher m = NUMBERED.matcher(action.word());
            if (m.matches()) {
                families.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(action);
            }
        }
        List<List<Action>> result = new ArrayList<>();
        families.values().stream().filter(f -> f.size() > 1).forEach(result::add);
        return result;
    }

    private static boolean crowded(List<Action> buttons, List<List<Action>> menus, int rowsAvailable) {
        return buttons.size() > COMFORTABLE_BUTTONS || rowsFor(buttons.size()) + menuRows(menus) > rowsAvailable;
    }

    private static int rowsFor(int buttons) {
        return (buttons + MAX_BUTTONS_PER_ROW - 1) / MAX_BUTTONS_PER_ROW;
    }

    private static int menuRows(List<List<Action>> menus) {
        return menus.stream().mapToInt(f -> (f.size() + MAX_MENU_OPTIONS - 1) / MAX_MENU_OPTIONS).sum();
    }

    private static StringSelectMenu actionMenu(List<Action> family, int index) {
        StringSelectMenu.Builder menu = StringSelectMenu.create(CustomIds.pickAction(index))
                .setPlaceholder(DiscordText.cut(commonLabelStart(family) + "…", StringSelectMenu.PLACEHOLDER_MAX_LENGTH))
                .setRequiredRange(1, 1);
        family.forEach(a -> menu.addOption(DiscordText.cut(a.label(), MAX_OPTION_LABEL), a.ref()));
        return menu.build();
    }

    /** "Change" for "Change 1", "Change 2": what the family's labels share before they differ. */
    private static String commonLabelStart(List<Action> family) {
        String common = family.get(0).label();
        for (Action a : family) {
            int n = 0;
            while (n < common.length() && n < a.label().length() && common.charAt(n) == a.label().charAt(n)) {
                n++;
            }
            common = common.substring(0, n);
        }
        return TRAILING_NUMBERS.matcher(common).replaceAll("");
    }

    private static Button button(Action action) {
        ButtonStyle style = switch (action.kind()) {
            case PRIMARY -> ButtonStyle.PRIMARY;
            case SECONDARY -> ButtonStyle.SECONDARY;
            case SUCCESS -> ButtonStyle.SUCCESS;
            case DANGER -> ButtonStyle.DANGER;
        };
        return Button.of(style, CustomIds.press(action.ref()), DiscordText.cut(action.label(), MAX_LABEL));
    }

    private static List<ActionRow> rowsOf(List<ActionRowChildComponent> items) {
        List<ActionRow> rows = new ArrayList<>();
        for (int from = 0; from < items.size(); from += MAX_BUTTONS_PER_ROW) {
            rows.add(ActionRow.of(items.subList(from, Math.min(items.size(), from + MAX_BUTTONS_PER_ROW))));
        }
        return rows;
    }

    /** Discord refuses two components with one id on a message; the core never means two buttons for one ref. */
    private static List<Action> distinctByRef(List<Action> actions) {
        List<Action> unique = new ArrayList<>(actions.size());
        for (Action action : actions) {
            if (!hasRef(unique, action.ref())) {
                unique.add(action);
            }
        }
        return unique;
    }

    /** A message has a few actions: looking back through them costs less than a set of their refs. */
    private static boolean hasRef(List<Action> actions, String ref) {
        for (Action action : actions) {
            if (action.ref().equals(ref)) {
                return true;
            }
        }
        return false;
    }
}
