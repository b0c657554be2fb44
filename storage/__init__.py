"""Storage: SQLModel tables, sessions, query functions and Alembic migrations."""
