package dev.roster.bench.scenario;

/**
 * A scenario whose load is a number of users, one connection each: the connections it plans for are its users,
 * and a number of users outside the range it allows is refused before anything is opened.
 */
abstract class UsersScenario extends Scenario {
    private final int fewest;
    private final int most;
    /** Set by the subclass's {@code --users} option. */
    int users;

    UsersScenario(int fewest, int most) {
        this.fewest = fewest;
        this.most = most;
    }

    @Override
    protected int connections() {
        return users;
    }

    @Override
    protected void validate() {
        if (users < fewest || users > most) {
            throw new IllegalArgumentException("--users must be " + fewest + " to " + most);
        }
    }
}
