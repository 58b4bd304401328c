package app.afterglow.core.ref;

/** "Yes, erase everything about me": the confirmation of {@code /mydata delete}. */
public record EraseConfirmation() implements Ref {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.erase(this);
    }
}
