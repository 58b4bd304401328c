package app.afterglow.consent;

/** One breach of the consent rule, located by the step (index into the script) whose output showed it. */
record Violation(int step, String typed, String rule, String detail, String message) {
    @Override
    public String toString() {
        return "step " + step + " (" + typed + "): " + rule + " — " + detail + "\n      offending message:\n        "
                + message.replace("\n", "\n        ");
    }
}
