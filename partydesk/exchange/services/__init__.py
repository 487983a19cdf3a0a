"""Every write of exchange; one module per sub-domain."""
