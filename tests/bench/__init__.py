"""`make bench`: generate data at a given size, then time every registered page in-process.

data.py generates the data (a list of steps later issues extend), pages.py registers the pages (one list),
runner.py times them against the floor, urls.py adds the floor view for the bench only.
"""
