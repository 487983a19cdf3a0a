"""Full-text search shared by the domain apps: one index table, PostgreSQL and SQLite engines."""
