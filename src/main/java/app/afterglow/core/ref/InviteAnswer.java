package app.afterglow.core.ref;

/** The invited person's yes or no to a partnership invite. */
public record InviteAnswer(long partnershipId, boolean accept) implements Ref {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.invite(this);
    }
}
