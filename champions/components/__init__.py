"""Stateless UI pieces that take values and handlers as arguments, and the page template."""
