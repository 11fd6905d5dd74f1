"""One flat rx.State per feature. Handlers read input, check who calls, call a service."""
