"""The program's rules and all database work, as plain functions (never imports reflex)."""
