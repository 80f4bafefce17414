"""The innovation catalogue: published innovations, the agencies' cards and the full-text search."""
