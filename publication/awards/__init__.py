"""Awards and results: the jury's decisions per group, prefilled from the final ranking, and their publication."""
