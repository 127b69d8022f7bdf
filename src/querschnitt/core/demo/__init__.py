"""Demo data for Mannheim and Bamberg, built from the seed texts in `shared/seeds/`.

`manage.py load_demo` runs every loader below in one transaction. Each loader updates or
creates by natural keys, so running it again changes nothing.
"""
