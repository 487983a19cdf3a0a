"""The portal's writes."""
