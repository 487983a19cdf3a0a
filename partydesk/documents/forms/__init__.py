"""Forms of the documents pages: parse what was typed, keep it on error."""
