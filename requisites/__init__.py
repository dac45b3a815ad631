"""requisites."""
