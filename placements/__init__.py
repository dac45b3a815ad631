"""placements."""
