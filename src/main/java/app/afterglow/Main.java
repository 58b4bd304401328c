package app.afterglow;

public final class Main {
    public static void main(String[] args) {
    }
}
