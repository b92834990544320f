"""Pages of the core context: sign-in, home, divisions, organizations, people, the working-day calendar."""
