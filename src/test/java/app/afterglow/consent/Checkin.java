package app.afterglow.consent;

/** A check-in as one person sees it named in titles: {@code ** title with partner · … **}. */
record Checkin(String title, String partner) {
    @Override
    public String toString() {
        return title + " with " + partner;
    }
}
