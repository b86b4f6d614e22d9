"""Small groups on public pages cannot be worked out by subtraction: when one count of a total is hidden, so is a
second, and what the total minus the shown counts gives is never a single small group."""

import datetime
import itertools

from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from intl_office.core.people import SMALL_GROUP_THRESHOLD, hidden_groups
from intl_office.site.views import country_breakdown
from tests.factories import make_student

THRESHOLD = SMALL_GROUP_THRESHOLD
# Tables of up to four groups of 0 to 9 people are checked; other tables of up to 14 people a group count as what a
# visitor could think the page stands for.
CHECKED, IMAGINED = range(10), range(15)


def shown_page(counts: tuple[int, ...]) -> tuple:
    """What a page shows of a table: each group's count or None (hidden), and the total as "fewer than 5" (None)
    when it is that small."""
    hidden = hidden_groups(dict(enumerate(counts)))
    total = sum(counts)
    return tuple(None if i in hidden else n for i, n in enumerate(counts)), (
        total if total >= THRESHOLD or not total else None
    )


def every_nonempty_group_hidden(counts) -> bool:
    return all(n == 0 for n, shown in zip(counts, shown_page(counts)[0], strict=True) if shown is not None)


class HiddenGroupsTests(SimpleTestCase):
    def test_one_hidden_group_is_never_hidden_alone_nor_given_back_by_the_total(self):
        failures = []
        for size in range(1, 5):
            for counts in itertools.product(CHECKED, repeat=size):
                shown, total = shown_page(counts)
                hidden = [n for n, s in zip(counts, shown, strict=True) if s is None]
                if not hidden or total is None:
                    continue
                # The total minus the shown counts is the sum of two groups or more, never fewer than 5.
                given_back = total - sum(s for s in shown if s is not None)
                if len(hidden) < 2 or given_back < THRESHOLD or given_back != sum(hidden):
                    failures.append(counts)
        self.assertEqual(failures, [])

    def test_no_hidden_count_can_be_worked_out_from_what_the_page_shows(self):
        """A brute force: a visitor who knows the rule, which groups are hidden, the shown counts and the total
        lists every table that looks the same; each hidden group must have two counts or more in that list."""
        unrecoverable_failures = []
        for size in range(1, 5):
            looks_alike = {}
            for counts in itertools.product(IMAGINED, repeat=size):
                page = shown_page(counts)
                for i, shown in enumerate(page[0]):
                    if shown is None:
                        looks_alike.setdefault(page, {}).setdefault(i, set()).add(counts[i])
            for counts in itertools.product(CHECKED, repeat=size):
                page = shown_page(counts)
                recovered = {i: values for i, values in looks_alike.get(page, {}).items() if len(values) < 2}
                if recovered and not every_nonempty_group_hidden(counts):
                    unrecoverable_failures.append((counts, page, recovered))
        self.assertEqual(unrecoverable_failures, [])

    def test_when_every_group_is_hidden_the_counts_can_follow_so_pages_show_no_breakdown(self):
        # Four groups and fewer than five people: one each. Hence country_breakdown() shows none.
        self.assertEqual(shown_page((1, 1, 1, 1)), ((None, None, None, None), None))
        self.assertEqual(country_breakdown({"FR": 1, "DE": 1, "IT": 1, "ES": 1})["other_countries"], 0)

    def test_groups_tied_for_smallest_are_hidden_together(self):
        # Hiding one of two 5s would tell that the hidden one is 5 (no more than the shown one, no fewer than 5).
        self.assertEqual(hidden_groups({"a": 5, "b": 5, "c": 4, "d": 9}), {"a", "b", "c"})

    def test_hidden_groups_all_of_one_or_all_of_four_take_in_the_next_smallest(self):
        # "Two other countries: 8 students" would say both have 4; "five other countries: 5" that each has 1.
        self.assertEqual(hidden_groups({"a": 4, "b": 4, "c": 6, "d": 9}), {"a", "b", "c"})
        ones = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}
        self.assertEqual(hidden_groups({**ones, "f": 7}), {*ones, "f"})
        self.assertEqual(hidden_groups({"a": 3, "b": 4, "c": 6}), {"a", "b"})

    def test_empty_groups_are_shown(self):
        self.assertEqual(hidden_groups({"a": 0, "b": 9, "c": 12}), set())
        self.assertEqual(hidden_groups({"a": 0, "b": 3, "c": 12}), {"b", "c"})


class CountryBreakdownTests(SimpleTestCase):
    def test_the_other_line_holds_two_countries_or_more_and_never_fewer_than_five_people(self):
        codes = ("FR", "DE", "IT", "ES")
        failures = []
        for size in range(1, 5):
            for people in itertools.product(range(1, 13), repeat=size):
                counts = dict(zip(codes, people, strict=False))
                breakdown = country_breakdown(counts)
                rows = [row["count"] for row in breakdown["rows"]]
                other = breakdown["other_countries"], breakdown["other_people"]
                if not rows and not other[0]:
                    continue  # no breakdown on the page
                if (
                    any(n < THRESHOLD for n in rows)
                    or sum(counts.values()) - sum(rows) != other[1]
                    or (other[0] and (other[0] < 2 or other[1] < THRESHOLD))
                ):
                    failures.append(counts)
        self.assertEqual(failures, [])

    def test_the_issues_example_no_longer_gives_two_students_away(self):
        breakdown = country_breakdown({"KZ": 7, "FR": 2, "RU": 5})
        self.assertEqual([(row["country"].code, row["count"]) for row in breakdown["rows"]], [("KZ", 7)])
        self.assertEqual((breakdown["other_countries"], breakdown["other_people"]), (2, 7))


class OverviewBreakdownTests(TestCase):
    def add_students(self, **per_country):
        today = timezone.localdate()
        for code, n in per_country.items():
            for _ in range(n):
                make_student(
                    nationality=code,
                    arrived_on=today - datetime.timedelta(days=30),
                    departed_on=today + datetime.timedelta(days=300),
                )

    def test_two_small_countries_of_four_each_are_not_shown_as_eight_in_two(self):
        self.add_students(KZ=20, RU=6, FR=4, DE=4)
        response = self.client.get("/")
        self.assertContains(response, 'data-figure="students-country-kz">20<', html=False)
        self.assertContains(response, "Other countries and regions (3)")
        self.assertContains(response, 'data-figure="students-country-other">14<', html=False)

    def test_when_every_country_is_small_the_page_shows_no_breakdown(self):
        self.add_students(FR=1, DE=1, IT=1, ES=1)
        response = self.client.get("/")
        self.assertContains(response, 'data-figure="current-students">fewer than 5<', html=False)
        self.assertNotContains(response, "Where our international students come from")
        self.assertNotContains(response, 'data-figure="students-country-other"')
