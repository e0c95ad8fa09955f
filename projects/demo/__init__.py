"""Realistic Thai demonstration data: the agencies of the city, the strategic plan, projects and their reports.

`words` holds the vocabulary, `agencies` and `strategy` the fixed trees, `generator` the pure, seeded
generation of projects (no ORM), `loader` the bulk writes to the database.
"""
