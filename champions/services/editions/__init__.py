"""Editions of the program (a `Cohort`): creating, editing, cloning, opening registration and
archiving them, with every rule checked and every change audited."""
