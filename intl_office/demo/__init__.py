"""The demo data set: BJTU's international overview (../shared/seed/bjtu-international-overview.txt), rebuilt from
synthetic records whose figures, counted by intl_office.site.figures, are the page's.

Split by domain, each part's tables beside the code that builds its rows: ``units``; ``partners`` (institutions,
contacts, agreements; tables in ``partners_data``); ``programs``; ``delegations``; ``students`` (international
students and BJTU students abroad; tables in ``students_data``); ``experts`` (appointments and talent projects).
``people`` makes the synthetic people, ``common`` holds the seed, the years and date helpers, and ``loader`` builds
the whole set and creates whatever the database is missing (``manage.py load_demo``).

Every person is synthetic: names come from syllable lists, passports read "DEMO123456" and e-mail addresses end in
@example.org. Institutions are real public names. Nothing outside the demo imports it.
"""
