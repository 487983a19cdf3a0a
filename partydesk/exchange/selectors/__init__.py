"""Every read of exchange on behalf of a user or another app."""
