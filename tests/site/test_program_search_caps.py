"""The catalogue's search (?q=) reads a capped number of characters and words, and says when it left some out."""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from intl_office.site.program_filters import search_words
from tests.factories import make_institution, make_program
from tests.site.test_program_catalogue import titles

LIST_URL = "/programs/"
# Ten words found in the double degree's title, summary or partner.
TEN_WORDS = "rail engineering double degree leuven beijing track signals freight twin"
NOTE = "Only the first 10 words of a search are used, and at most 200 characters."


class SearchCapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        leuven = make_institution(name_en="KU Leuven", slug="ku-leuven", country="BE")
        make_program(
            leuven,
            title_en="Rail Engineering Double Degree",
            summary_en="Two years in Beijing and Leuven: track, signals and freight, a twin diploma.",
        )
        make_program(title_en="Summer School in Logistics")

    def search(self, query: str, **params):
        return self.client.get(LIST_URL, {"q": query, **params})

    def test_ten_words_all_count(self):
        response = self.search(TEN_WORDS)
        self.assertEqual(titles(response), ["Rail Engineering Double Degree"])
        self.assertNotContains(response, NOTE)
        self.assertEqual(titles(self.search(TEN_WORDS.replace("twin", "nowhere"))), [])

    def test_words_after_the_tenth_are_left_out_and_the_form_says_so(self):
        response = self.search(TEN_WORDS + " nowhere nothing")
        self.assertEqual(titles(response), ["Rail Engineering Double Degree"])
        self.assertContains(response, NOTE)
        self.assertContains(response, 'aria-describedby="id_q_helptext"')

    def test_characters_after_the_two_hundredth_are_left_out(self):
        response = self.search("rail" + " " * 300 + "nowhere")
        self.assertEqual(titles(response), ["Rail Engineering Double Degree"])
        self.assertContains(response, NOTE)

    def test_the_chinese_page_says_so_in_chinese(self):
        response = self.client.get("/zh-hans" + LIST_URL, {"q": TEN_WORDS + " nowhere"})
        self.assertContains(response, "搜索只使用前 10 个词，最多 200 个字符。")  # noqa: RUF001

    def test_the_search_box_stops_typing_at_the_cap(self):
        self.assertContains(self.client.get(LIST_URL), 'maxlength="200"')

    @override_settings(PUBLIC_SEARCH_MAX_WORDS=2, PUBLIC_SEARCH_MAX_CHARACTERS=30)
    def test_the_caps_come_from_the_settings(self):
        response = self.search("rail engineering nowhere")
        self.assertEqual(titles(response), ["Rail Engineering Double Degree"])
        self.assertContains(response, "Only the first 2 words of a search are used, and at most 30 characters.")
        self.assertContains(response, 'maxlength="30"')

    def test_a_thousand_words_reach_the_database_as_ten(self):
        def like_conditions(query: str) -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.search(query).status_code, 200)
            # In the one query that has the most (the count and the page each carry the search).
            return max(entry["sql"].upper().count(" LIKE ") for entry in queries.captured_queries)

        ten = like_conditions(TEN_WORDS)
        # Title, summary and description in two languages, and the partner's name in two.
        self.assertEqual(ten, 10 * 8)
        thousand = " ".join(f"word{n}" for n in range(1_000))
        self.assertEqual(like_conditions(thousand), ten)
        self.assertEqual(like_conditions("a" * 100_000), like_conditions("a"))


class SearchWordsTests(TestCase):
    def test_a_word_repeated_in_another_case_counts_once(self):
        self.assertEqual(search_words("Rail rail RAIL double"), (["Rail", "double"], False))

    def test_it_reports_what_it_left_out(self):
        self.assertEqual(search_words(" ".join(f"w{n}" for n in range(11))), ([f"w{n}" for n in range(10)], True))
        self.assertEqual(search_words("x" * 201), (["x" * 200], True))
        self.assertEqual(search_words("x" * 200), (["x" * 200], False))
