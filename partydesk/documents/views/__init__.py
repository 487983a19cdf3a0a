"""Pages of the documents module (thin: selector, form, one service, respond)."""
