package app.afterglow.core.ref;

/**
 * One thing a control or a typed reply can mean. Whoever acts on one goes through a
 * {@link Visitor}, which names every kind: a new kind fails to compile until every place that
 * acts on references handles it.
 */
public sealed interface Ref permits CheckinControl, InviteAnswer, EraseConfirmation, NoLongerValid {
    <R> R accept(Visitor<R> visitor);

    /** Does something for each kind of reference. */
    interface Visitor<R> {
        R checkin(CheckinControl control);

        R invite(InviteAnswer answer);

        R erase(EraseConfirmation confirmation);

        /** A reference from an older version, a forged one, or one that was never made. */
        R noLongerValid(NoLongerValid stale);
    }
}
