"""Official travel abroad (因公出访) from the unit's annual plan to the trip report, and incoming visits (来访).

A feature above the domain: it links trips to partner institutions and units, and the overview and reports read the
person-times it counts (``person_times``).
"""
