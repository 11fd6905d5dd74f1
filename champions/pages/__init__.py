"""One module per route or route group."""
