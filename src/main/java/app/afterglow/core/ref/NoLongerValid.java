package app.afterglow.core.ref;

/** What any encoded reference that means nothing decodes to. */
public record NoLongerValid() implements Ref {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.noLongerValid(this);
    }
}
