"""Statistics and open data: the public figures and charts of every published edition."""
