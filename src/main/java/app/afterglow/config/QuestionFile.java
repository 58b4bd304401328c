package app.afterglow.config;

import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.QuestionType;

import java.util.List;

/**
 * A question file's shape, as {@link QuestionFileBinding} binds it: anything may be missing here, so that
 * {@link QuestionSetLoader} can say which set and question lack what.
 */
record QuestionFile(List<SetEntry> sets) {
    record SetEntry(String id, CheckinKind kind, String title, String intro, List<QuestionEntry> questions) {
    }

    record QuestionEntry(String id, QuestionType type, String prompt, String hint, List<OptionEntry> options,
                         Integer min, Integer max, String minLabel, String maxLabel, Integer maxLength,
                         Boolean sendNow) {
    }

    record OptionEntry(String key, String label) {
    }
}
